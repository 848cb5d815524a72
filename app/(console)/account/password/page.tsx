import { ChangePasswordCard } from "@/components/account/change-password-card";
import { PageHeader } from "@/components/ui/page-header";
import { hasPassword } from "@/lib/auth/queries";
import { requireSessionUser } from "@/lib/auth/session";
import { BackLink } from "../_components/back-link";

export const metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireSessionUser();
  const passwordSet = await hasPassword(user.id);
  return (
    <div className="space-y-6">
      <PageHeader
        className="pb-2"
        eyebrow={<BackLink href="/account/security">Security</BackLink>}
        title="Password"
        description="The password you sign in with."
      />
      <ChangePasswordCard
        hasPassword={passwordSet}
        email={user.email}
        title="Change password"
        description={`Enter your current password to confirm it is you. Every other browser signed in as ${user.email} is signed out.`}
      />
    </div>
  );
}
