"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { acceptInvitationSchema } from "@/lib/auth/schemas";
import { acceptInvitationAction } from "@/lib/auth/actions";
import { NewPasswordForm } from "../../../_components/new-password-form";

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const actionForm = useRedirectingActionForm({
    schema: acceptInvitationSchema,
    defaultValues: { token, name: "", password: "", confirmPassword: "" },
    action: acceptInvitationAction,
  });
  const { form } = actionForm;
  return (
    <NewPasswordForm email={email} actionForm={actionForm}>
      <FormField label="Name" error={form.formState.errors.name} required>
        <Input autoComplete="name" autoFocus {...form.register("name")} />
      </FormField>
    </NewPasswordForm>
  );
}
