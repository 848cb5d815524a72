import { ChangePasswordForm } from "@/components/account/change-password-form";

/**
 * The change-password form, or for an account made by single sign-on (no password here, README
 * "Single sign-on") a line that says so: there is no current password to confirm.
 */
export function PasswordCardBody({ email, hasPassword }: { email: string; hasPassword: boolean }) {
  if (!hasPassword)
    return (
      <p className="text-sm text-muted-foreground">
        This account signs in with single sign-on and has no password here. Your identity provider manages how
        you sign in.
      </p>
    );
  return <ChangePasswordForm email={email} />;
}
