import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { BrandedScreen } from "@/components/shell/branded-screen";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireSessionUser } from "@/lib/auth/session";
import { listUserOrganizations } from "@/lib/orgs/organizations";
import { CreateOrganizationForm } from "./_components/create-organization-form";

export const metadata = { title: "Create organization" };

export default async function NewOrganizationPage() {
  const user = await requireSessionUser();
  const organizations = await listUserOrganizations(user.id);
  return (
    <BrandedScreen>
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Create an organization</h1>
          </CardTitle>
          <CardDescription>
            An organization holds systems, keys, members and its own audit log. You will be its owner.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <CreateOrganizationForm />
          {organizations.length > 0 ? (
            <Link
              href="/"
              className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
            >
              <ArrowLeft className="size-4" aria-hidden /> Back to the console
            </Link>
          ) : null}
        </CardContent>
      </Card>
    </BrandedScreen>
  );
}
