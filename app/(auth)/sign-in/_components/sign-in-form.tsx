"use client";

import { useRedirectingActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInSchema } from "@/lib/auth/schemas";
import { signInAction } from "@/lib/auth/actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const { form, onSubmit, pending } = useRedirectingActionForm({
    schema: signInSchema,
    defaultValues: { email: "", password: "", callbackUrl },
    action: signInAction,
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField label="Email" error={errors.email} required>
        <Input type="email" autoComplete="username" autoFocus {...form.register("email")} />
      </FormField>
      <FormField label="Password" error={errors.password} required>
        <Input type="password" autoComplete="current-password" {...form.register("password")} />
      </FormField>
      <Button type="submit" loading={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
