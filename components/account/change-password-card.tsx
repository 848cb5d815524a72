import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangePasswordForm } from "./change-password-form";

/**
 * The change-password form in its card, as the security page and /account/password show it. An
 * account made by single sign-on (README, "Single sign-on") has no password here: there is no
 * current password to confirm, so the card says so instead.
 */
export function ChangePasswordCard({
  email,
  title,
  description,
  hasPassword,
}: {
  email: string;
  title: string;
  description: ReactNode;
  hasPassword: boolean;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
        {hasPassword ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent>
        {hasPassword ? (
          <ChangePasswordForm email={email} />
        ) : (
          <p className="text-sm text-muted-foreground">
            This account signs in with single sign-on and has no password here. Your identity provider manages
            how you sign in.
          </p>
        )}
      </CardContent>
    </Card>
  );
}
