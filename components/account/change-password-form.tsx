"use client";

import { toast } from "sonner";
import { changePasswordAction } from "@/lib/auth/account-actions";
import { useActionForm } from "@/components/forms/use-action-form";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { changePasswordSchema, NEW_PASSWORD_MIN } from "@/lib/auth/password-schemas";

/**
 * Change the signed-in user's password. Self-contained so it can sit on any account page (the
 * security page, or /account/password). The current password is the step-up.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const { form, onSubmit, pending } = useActionForm({
    schema: changePasswordSchema,
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    action: changePasswordAction,
    onSuccess: (result, f) => {
      const ended = result.otherSessionsEnded;
      toast.success(
        ended > 0
          ? `Password changed. ${ended === 1 ? "1 other session was" : `${ended} other sessions were`} signed out.`
          : "Password changed.",
      );
      f.reset();
    },
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-md gap-4">
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormField label="Current password" error={errors.currentPassword} required>
        <Input type="password" autoComplete="current-password" {...form.register("currentPassword")} />
      </FormField>
      <NewPasswordFields
        confirmLabel="Confirm new password"
        description={`At least ${NEW_PASSWORD_MIN} characters. Your other sessions are signed out.`}
        password={form.register("newPassword")}
        confirm={form.register("confirmPassword")}
        errors={{ password: errors.newPassword, confirm: errors.confirmPassword }}
      />
      <div>
        <Button type="submit" loading={pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
