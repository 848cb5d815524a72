"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { Button } from "@/components/ui/button";
import { NEW_PASSWORD_MIN, setPasswordSchema } from "@/lib/auth/password-schemas";
import { setPasswordAction } from "@/lib/auth/actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const { form, onSubmit, pending } = useRedirectingActionForm({
    schema: setPasswordSchema,
    defaultValues: { token, password: "", confirmPassword: "" },
    action: setPasswordAction,
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      {/* Lets password managers save the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields
        description={`At least ${NEW_PASSWORD_MIN} characters. A long phrase is easiest to remember.`}
        password={form.register("password")}
        confirm={form.register("confirmPassword")}
        errors={{ password: errors.password, confirm: errors.confirmPassword }}
        autoFocus
      />
      <Button type="submit" loading={pending} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
