"use client";

import {
  Controller,
  type Control,
  type FieldValues,
  type Path,
  type UseFormRegisterReturn,
} from "react-hook-form";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField, useFormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { KeyTableContext } from "./types";

// Fields shared by the key forms: the create-key dialog, the create-system dialog's first key and
// the edit form. Each form names its own fields, so the fields take a name or a `register` result.

/** A new key's label; the wording around it is the same wherever a key is created. */
export function KeyLabelField({
  label,
  error,
  ...input
}: UseFormRegisterReturn & {
  label: string;
  error?: FormFieldError;
  placeholder: string;
  autoFocus?: boolean;
}) {
  return (
    <FormField label={label} description="How people will recognise the key." error={error} required>
      <Input {...input} />
    </FormField>
  );
}

/** A key's IP ranges, one per line as the form holds them; the same wording in every key form. */
export function AllowedRangesField({ error, ...input }: UseFormRegisterReturn & { error?: FormFieldError }) {
  return (
    <FormField
      label="Allowed IP ranges"
      description="One IPv4 or IPv6 range per line, e.g. 10.0.0.0/8. Empty means any address."
      error={error}
    >
      <Textarea rows={2} className="font-mono text-sm" placeholder={"10.0.0.0/8\n2001:db8::/32"} {...input} />
    </FormField>
  );
}

/** A key's permissions, chosen from the organization's catalog. */
export function KeyPermissionsField<T extends FieldValues>({
  catalog,
  ...props
}: Omit<ChoiceListProps<T>, "label" | "options"> & { catalog: KeyTableContext["catalog"] }) {
  return (
    <CheckboxListField
      {...props}
      label="Permissions"
      options={catalog.map((p) => ({ value: p.name, label: p.name, hint: p.description }))}
    />
  );
}

export type ChoiceListProps<T extends FieldValues> = {
  control: Control<T>;
  name: Path<T>;
  label: string;
  description?: string;
  error?: FormFieldError;
  options: { value: string; label: string; hint?: string }[];
  empty: string;
};

export function CheckboxListField<T extends FieldValues>(props: ChoiceListProps<T>) {
  return (
    <FormField label={props.label} description={props.description} error={props.error}>
      {() => (
        <Controller
          control={props.control}
          name={props.name}
          render={({ field }) => (
            <ChoiceList
              options={props.options}
              empty={props.empty}
              value={Array.isArray(field.value) ? (field.value as string[]) : []}
              onChange={field.onChange}
            />
          )}
        />
      )}
    </FormField>
  );
}

/** An organization key's system limits: none chosen means every system. */
export function SystemLimitsField<T extends FieldValues>(
  props: Pick<ChoiceListProps<T>, "control" | "name" | "error"> & { systems: { id: string; name: string }[] },
) {
  return (
    <CheckboxListField
      control={props.control}
      name={props.name}
      label="Limit to systems"
      description="None chosen means every system."
      error={props.error}
      options={props.systems.map((s) => ({ value: s.id, label: s.name }))}
      empty="The organization has no systems yet."
    />
  );
}

function ChoiceList({
  options,
  empty,
  value,
  onChange,
}: {
  options: ChoiceListProps<FieldValues>["options"];
  empty: string;
  value: string[];
  onChange: (next: string[]) => void;
}) {
  const field = useFormField();
  if (options.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <div
      role="group"
      aria-labelledby={field.labelId}
      aria-describedby={field.controlProps["aria-describedby"]}
      className="grid max-h-48 gap-2 overflow-y-auto rounded-md border p-3"
    >
      {options.map((option) => {
        const id = `${field.id}-${option.value}`;
        const checked = value.includes(option.value);
        return (
          <label key={option.value} htmlFor={id} className="flex cursor-pointer items-start gap-2 text-sm">
            <Checkbox
              id={id}
              checked={checked}
              onCheckedChange={(next) =>
                onChange(next === true ? [...value, option.value] : value.filter((v) => v !== option.value))
              }
            />
            <span className="grid gap-0.5 leading-none">
              <span className="font-mono text-[13px]">{option.label}</span>
              {option.hint ? <span className="text-xs text-muted-foreground">{option.hint}</span> : null}
            </span>
          </label>
        );
      })}
    </div>
  );
}

/**
 * A key's rate limit, credits and metadata (README, "Rate limits, credits and metadata"), as the
 * create dialog holds them: text the schema turns into the JSON shapes (lib/keys/limits.ts). One
 * rate limit row here; the REST API and the CLI take up to ten.
 */
export function KeyUsageFields({
  register,
  errors,
}: {
  register: (name: string) => UseFormRegisterReturn;
  /** The form's errors for ratelimits, credits, meta and externalId, however deeply nested. */
  errors: Record<string, unknown>;
}) {
  const error = (field: string) => firstError(errors[field]);
  return (
    <fieldset className="grid gap-4 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">Limits and metadata (optional)</legend>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Rate limit name" error={error("ratelimits")}>
          <Input placeholder="requests" {...register("ratelimits.0.name")} />
        </FormField>
        <FormField label="Requests per window">
          <Input inputMode="numeric" placeholder="100" {...register("ratelimits.0.limit")} />
        </FormField>
        <FormField label="Window (milliseconds)">
          <Input inputMode="numeric" placeholder="60000" {...register("ratelimits.0.durationMs")} />
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Credits" description="Empty: the key spends no credits." error={error("credits")}>
          <Input inputMode="numeric" placeholder="1000" {...register("credits.remaining")} />
        </FormField>
        <FormField label="Refill">
          <NativeSelect {...register("credits.refill.interval")}>
            <option value="">Never</option>
            <option value="daily">Daily</option>
            <option value="monthly">Monthly</option>
          </NativeSelect>
        </FormField>
        <FormField label="Refill amount">
          <Input inputMode="numeric" placeholder="1000" {...register("credits.refill.amount")} />
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="External id"
          description="Your id for the customer or workload."
          error={error("externalId")}
        >
          <Input placeholder="cus_123" {...register("externalId")} />
        </FormField>
        <FormField label="Metadata (JSON object)" error={error("meta")}>
          <Textarea
            rows={2}
            className="font-mono text-sm"
            placeholder='{"plan":"pro"}'
            {...register("meta")}
          />
        </FormField>
      </div>
    </fieldset>
  );
}

/** The first `{ message }` in a nested react-hook-form error (a list row's or an object's field). */
function firstError(value: unknown): FormFieldError | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (typeof (value as { message?: unknown }).message === "string") return value as FormFieldError;
  for (const inner of Object.values(value)) {
    const found = firstError(inner);
    if (found) return found;
  }
  return undefined;
}
