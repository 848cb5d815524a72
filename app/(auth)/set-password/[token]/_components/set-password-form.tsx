"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
import { setPasswordSchema } from "@/lib/auth/password-schemas";
import { setPasswordAction } from "@/lib/auth/actions";
import { NewPasswordForm } from "../../../_components/new-password-form";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const actionForm = useRedirectingActionForm({
    schema: setPasswordSchema,
    defaultValues: { token, password: "", confirmPassword: "" },
    action: setPasswordAction,
  });
  return <NewPasswordForm email={email} actionForm={actionForm} />;
}
