"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
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
      <FormField label="Password" description="At least 10 characters." error={errors.password} required>
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </FormField>
      <FormField label="Confirm password" error={errors.confirmPassword} required>
        <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
      </FormField>
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
