import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/orgs/setup";
import { AuthCard } from "../_components/auth-card";
import { SetupForm } from "./_components/setup-form";

export const metadata = { title: "Set up Keyplane" };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/sign-in");
  return (
    <AuthCard
      title="Welcome to Keyplane"
      description="Create the first owner account and your organization. There is no default password: this account is the way in."
    >
      <SetupForm />
    </AuthCard>
  );
}
