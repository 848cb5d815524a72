"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NEW_PASSWORD_MIN } from "@/lib/auth/password-schemas";
import { acceptInvitationSchema } from "@/lib/auth/schemas";
import { acceptInvitationAction } from "@/lib/auth/actions";

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const { form, onSubmit, pending } = useRedirectingActionForm({
    schema: acceptInvitationSchema,
    defaultValues: { token, name: "", password: "", confirmPassword: "" },
    action: acceptInvitationAction,
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      {/* Lets password managers save the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormField label="Name" error={errors.name} required>
        <Input autoComplete="name" autoFocus {...form.register("name")} />
      </FormField>
      <NewPasswordFields
        description={`At least ${NEW_PASSWORD_MIN} characters. A long phrase is easiest to remember.`}
        password={form.register("password")}
        confirm={form.register("confirmPassword")}
        errors={{ password: errors.password, confirm: errors.confirmPassword }}
      />
      <Button type="submit" loading={pending} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
