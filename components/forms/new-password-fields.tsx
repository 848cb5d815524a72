"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { FormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/**
 * A new password and its confirmation, both marked new-password so that a password manager offers
 * to save it (the form names the account in a hidden username field).
 */
export function NewPasswordFields(props: {
  label?: string;
  confirmLabel?: string;
  description: string;
  password: UseFormRegisterReturn;
  confirm: UseFormRegisterReturn;
  errors: { password?: FormFieldError; confirm?: FormFieldError };
  autoFocus?: boolean;
}) {
  return (
    <>
      <FormField
        label={props.label ?? "New password"}
        description={props.description}
        error={props.errors.password}
        required
      >
        <Input type="password" autoComplete="new-password" autoFocus={props.autoFocus} {...props.password} />
      </FormField>
      <FormField label={props.confirmLabel ?? "Confirm password"} error={props.errors.confirm} required>
        <Input type="password" autoComplete="new-password" {...props.confirm} />
      </FormField>
    </>
  );
}
