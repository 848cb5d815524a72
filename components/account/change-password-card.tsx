import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangePasswordForm } from "./change-password-form";

/** The change-password form in its card, as the security page and /account/password show it. */
export function ChangePasswordCard({
  email,
  title,
  description,
}: {
  email: string;
  title: string;
  description: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        <ChangePasswordForm email={email} />
      </CardContent>
    </Card>
  );
}
