import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { needsSetup } from "@/lib/orgs/setup";
import { SetupForm } from "./_components/setup-form";

export const metadata = { title: "Set up Keyplane" };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/sign-in");
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">Welcome to Keyplane</h1>
        </CardTitle>
        <CardDescription>
          Create the first owner account and your organization. There is no default password: this account is
          the way in.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SetupForm />
      </CardContent>
    </Card>
  );
}
