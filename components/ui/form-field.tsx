"use client";

import * as React from "react";
import { Slot as SlotPrimitive } from "radix-ui";

import { cn } from "@/lib/utils";
import { Label } from "@/components/ui/label";

/** Props FormField puts on the control so it is labelled, described and flagged invalid. */
type FormFieldControlProps = {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
  "aria-required": true | undefined;
};

type FormFieldContextValue = {
  /** The control's id (the `<label htmlFor>` target). */
  id: string;
  labelId: string;
  descriptionId: string | undefined;
  errorId: string;
  /** The error message being shown, if any. */
  error: string | undefined;
  invalid: boolean;
  required: boolean;
  disabled: boolean;
  controlProps: FormFieldControlProps;
};

const FormFieldContext = React.createContext<FormFieldContextValue | null>(null);

/**
 * Read the surrounding FormField's ids/state, e.g. to wire a custom control nested deep inside
 * (`<RadioGroup {...field.controlProps} aria-labelledby={field.labelId}>`).
 */
function useFormField(): FormFieldContextValue {
  const ctx = React.useContext(FormFieldContext);
  if (!ctx) throw new Error("useFormField must be used inside <FormField>");
  return ctx;
}

/** Accepts a message, react-hook-form's `FieldError` (`errors.name`), or nothing. */
type FormFieldError = string | { message?: string | undefined } | null | undefined | false;

function errorMessage(error: FormFieldError): string | undefined {
  if (!error) return undefined;
  if (typeof error === "string") return error || undefined;
  return error.message || undefined;
}

type FormFieldProps = Omit<React.ComponentProps<"div">, "children" | "id"> & {
  label: React.ReactNode;
  /**
   * The control. Either a single element (it receives `id`, `aria-describedby`, `aria-invalid`,
   * `aria-required` — works with `<Input {...register("name")} />`, `<Textarea>`, `<SelectTrigger>`…),
   * or a render function receiving those props for controls where they belong on a nested element.
   */
  children: React.ReactElement | ((control: FormFieldControlProps) => React.ReactNode);
  description?: React.ReactNode;
  error?: FormFieldError;
  /** Control id; generated when omitted. */
  id?: string;
  /** Shows a required marker and sets `aria-required` on the control. */
  required?: boolean;
  /** Dims the label (the control still needs its own `disabled`). */
  disabled?: boolean;
  /** Keep the label for screen readers only. */
  hideLabel?: boolean;
  /** "horizontal": control first, label beside it — for Checkbox/Switch. */
  orientation?: "vertical" | "horizontal";
  /** Extra content on the label row's right side (vertical only), e.g. a "Forgot password?" link. */
  labelAside?: React.ReactNode;
  labelClassName?: string;
};

/**
 * Label + control + description + announced error message.
 *
 * ```tsx
 * <FormField label="Name" description="Shown in the audit log." error={errors.name} required>
 *   <Input {...register("name")} />
 * </FormField>
 *
 * <FormField label="Role" error={errors.role}>
 *   {(control) => (
 *     <Select value={role} onValueChange={setRole}>
 *       <SelectTrigger {...control}><SelectValue /></SelectTrigger>
 *       <SelectContent>…</SelectContent>
 *     </Select>
 *   )}
 * </FormField>
 * ```
 */
function FormField({
  label,
  children,
  description,
  error,
  id: idProp,
  required = false,
  disabled = false,
  hideLabel = false,
  orientation = "vertical",
  labelAside,
  labelClassName,
  className,
  ...props
}: FormFieldProps) {
  const generatedId = React.useId();
  const id = idProp ?? `field-${generatedId}`;
  const labelId = `${id}-label`;
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = `${id}-error`;
  const message = errorMessage(error);
  const invalid = message !== undefined;

  const controlProps: FormFieldControlProps = {
    id,
    "aria-describedby": [descriptionId, invalid ? errorId : undefined].filter(Boolean).join(" ") || undefined,
    "aria-invalid": invalid || undefined,
    "aria-required": required || undefined,
  };

  const context: FormFieldContextValue = {
    id,
    labelId,
    descriptionId,
    errorId,
    error: message,
    invalid,
    required,
    disabled,
    controlProps,
  };

  const control =
    typeof children === "function" ? (
      children(controlProps)
    ) : (
      <SlotPrimitive.Slot {...controlProps}>{children}</SlotPrimitive.Slot>
    );

  const labelNode = (
    <Label
      id={labelId}
      htmlFor={id}
      className={cn(
        hideLabel && "sr-only",
        invalid && "text-destructive",
        disabled && "cursor-not-allowed opacity-50",
        orientation === "horizontal" && "font-normal",
        labelClassName,
      )}
    >
      {label}
      {required ? (
        <span aria-hidden="true" className="text-destructive">
          *
        </span>
      ) : null}
    </Label>
  );

  const descriptionNode = description ? (
    <p id={descriptionId} data-slot="form-field-description" className="text-sm text-muted-foreground">
      {description}
    </p>
  ) : null;

  // Always rendered so the live region exists before the message appears and gets announced.
  const errorNode = (
    <p
      id={errorId}
      data-slot="form-field-error"
      aria-live="polite"
      aria-atomic="true"
      className={cn("text-sm font-medium text-destructive", !invalid && "sr-only")}
    >
      {message}
    </p>
  );

  return (
    <FormFieldContext.Provider value={context}>
      <div
        data-slot="form-field"
        data-invalid={invalid || undefined}
        data-disabled={disabled || undefined}
        className={cn("grid gap-2", className)}
        {...props}
      >
        {orientation === "horizontal" ? (
          <div className="flex items-start gap-3">
            <div className="flex h-5 items-center">{control}</div>
            <div className="grid gap-1.5">
              <div className="flex min-h-5 items-center">{labelNode}</div>
              {descriptionNode}
            </div>
          </div>
        ) : (
          <>
            {labelAside ? (
              <div className="flex items-center justify-between gap-2">
                {labelNode}
                {labelAside}
              </div>
            ) : (
              labelNode
            )}
            {control}
            {descriptionNode}
          </>
        )}
        {errorNode}
      </div>
    </FormFieldContext.Provider>
  );
}

export { FormField, useFormField };
export type { FormFieldError };
