"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { setupSchema } from "@/lib/auth/schemas";
import { setupAction } from "@/lib/auth/actions";

export function SetupForm() {
  const { form, onSubmit, pending } = useRedirectingActionForm({
    schema: setupSchema,
    defaultValues: { name: "", email: "", password: "", confirmPassword: "", organizationName: "" },
    action: setupAction,
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField label="Your name" error={errors.name} required>
        <Input autoComplete="name" autoFocus {...form.register("name")} />
      </FormField>
      <FormField label="Email" error={errors.email} required>
        <Input type="email" autoComplete="username" {...form.register("email")} />
      </FormField>
      <NewPasswordFields
        label="Password"
        description="At least 10 characters."
        password={form.register("password")}
        confirm={form.register("confirmPassword")}
        errors={{ password: errors.password, confirm: errors.confirmPassword }}
      />
      <FormField
        label="Organization name"
        description="You can create more organizations later."
        error={errors.organizationName}
        required
      >
        <Input autoComplete="organization" {...form.register("organizationName")} />
      </FormField>
      <Button type="submit" loading={pending} className="w-full">
        Create owner account
      </Button>
    </form>
  );
}
