"use client";

import type { FormEventHandler, ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { NEW_PASSWORD_MIN } from "@/lib/auth/password-schemas";

type FieldError = { message?: string } | undefined;

/** What useRedirectingActionForm gives a form whose schema has `password` and `confirmPassword`. */
type PasswordActionForm = {
  onSubmit: FormEventHandler<HTMLFormElement>;
  pending: boolean;
  form: {
    register: (name: "password" | "confirmPassword") => UseFormRegisterReturn;
    formState: { errors: { password?: FieldError; confirmPassword?: FieldError } };
  };
};

/**
 * The form of a page opened from a one-time link (set a password, accept an invitation): the new
 * password twice, then "Set password and sign in". `children` are fields asked before the password
 * (the invitee's name); without them the password field takes the focus.
 */
export function NewPasswordForm({
  email,
  actionForm,
  children,
}: {
  email: string;
  actionForm: PasswordActionForm;
  children?: ReactNode;
}) {
  const { onSubmit, pending, form } = actionForm;
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      {/* Lets password managers save the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {children}
      <NewPasswordFields
        description={`At least ${NEW_PASSWORD_MIN} characters. A long phrase is easiest to remember.`}
        password={form.register("password")}
        confirm={form.register("confirmPassword")}
        errors={{ password: errors.password, confirm: errors.confirmPassword }}
        autoFocus={!children}
      />
      <Button type="submit" loading={pending} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
