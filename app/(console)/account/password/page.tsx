import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { PasswordCardBody } from "@/components/account/password-card-body";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasPassword } from "@/lib/auth/queries";
import { requireSessionUser } from "@/lib/auth/session";

export const metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireSessionUser();
  const passwordSet = await hasPassword(user.id);
  return (
    <div className="space-y-6">
      <PageHeader
        className="pb-2"
        eyebrow={
          <Link
            href="/account/security"
            className="inline-flex items-center gap-1 rounded-sm hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
          >
            <ArrowLeft className="size-3.5" aria-hidden />
            Security
          </Link>
        }
        title="Password"
        description="The password you sign in with."
      />
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Change password</CardTitle>
          <CardDescription>
            Enter your current password to confirm it is you. Every other browser signed in as {user.email} is
            signed out.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <PasswordCardBody email={user.email} hasPassword={passwordSet} />
        </CardContent>
      </Card>
    </div>
  );
}
