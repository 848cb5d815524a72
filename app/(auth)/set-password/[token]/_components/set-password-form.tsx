"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
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
      <FormField
        label="New password"
        description={`At least ${NEW_PASSWORD_MIN} characters. A long phrase is easiest to remember.`}
        error={errors.password}
        required
      >
        <Input type="password" autoComplete="new-password" autoFocus {...form.register("password")} />
      </FormField>
      <FormField label="Confirm password" error={errors.confirmPassword} required>
        <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
      </FormField>
      <Button type="submit" loading={pending} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
