"use client";

import type { ReactNode } from "react";
import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";
import { FormField, type FormFieldError } from "@/components/ui/form-field";
import { Switch } from "@/components/ui/switch";

/** A yes/no form value as a switch beside its label. */
export function SwitchField<T extends FieldValues>(props: {
  control: Control<T>;
  name: Path<T>;
  label: string;
  description: ReactNode;
  error?: FormFieldError;
  className?: string;
}) {
  return (
    <Controller
      control={props.control}
      name={props.name}
      render={({ field }) => (
        <FormField
          label={props.label}
          description={props.description}
          orientation="horizontal"
          error={props.error}
          className={props.className}
        >
          <Switch
            checked={field.value === true}
            onCheckedChange={field.onChange}
            onBlur={field.onBlur}
            ref={field.ref}
          />
        </FormField>
      )}
    />
  );
}
