import { findUsableToken } from "@/lib/auth/password-tokens";
import { LINK_UNUSABLE_MESSAGE } from "@/lib/auth/set-password";
import { AuthCard, linkPageMetadata, linkToken, UnusableLinkCard } from "../../_components/auth-card";
import { SetPasswordForm } from "./_components/set-password-form";

export const metadata = linkPageMetadata("Set your password");

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const token = await linkToken(params);
  const usable = token ? await findUsableToken(token) : null;

  if (!token || !usable) {
    return <UnusableLinkCard title="This link cannot be used" description={LINK_UNUSABLE_MESSAGE} />;
  }

  return (
    <AuthCard
      title="Set your password"
      description={
        <>
          Welcome, {usable.name}. Choose the password for <strong>{usable.email}</strong>; you will be signed
          in right after. This link works once.
        </>
      }
    >
      <SetPasswordForm token={token} email={usable.email} />
    </AuthCard>
  );
}
