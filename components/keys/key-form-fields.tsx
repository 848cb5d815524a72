"use client";

import { Plus, Trash2 } from "lucide-react";
import {
  Controller,
  useFieldArray,
  type Control,
  type FieldValues,
  type Path,
  type UseFormRegisterReturn,
  type UseFormReturn,
} from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField, useFormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { KeyDetails } from "@/lib/keys/details";
import { MAX_RATELIMITS_PER_KEY, type KeyCreditsForm, type KeyRatelimitForm } from "@/lib/keys/limits";
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

/** What the usage fields hold in a form: text in number fields, metadata as JSON text. */
type KeyUsageFormValues = {
  ratelimits: KeyRatelimitForm[];
  credits: KeyCreditsForm;
  meta: string;
  externalId: string;
};

/**
 * The usage fields' form values for a key (the edit form) or for a new key (none): the text the
 * form schemas read back into the same values (lib/keys/limits.ts).
 */
export function usageFormValues(
  key?: Pick<KeyDetails, "ratelimits" | "credits" | "meta" | "externalId">,
): KeyUsageFormValues {
  const refill = key?.credits?.refill ?? null;
  return {
    ratelimits: (key?.ratelimits ?? []).map((limit) => ({
      name: limit.name,
      limit: String(limit.limit),
      durationMs: String(limit.durationMs),
      autoApply: limit.autoApply,
    })),
    credits: {
      remaining: key?.credits ? String(key.credits.remaining) : "",
      refill: {
        interval: refill?.interval ?? "",
        amount: refill ? String(refill.amount) : "",
        day: refill?.day === undefined ? "" : String(refill.day),
      },
    },
    meta: key?.meta ? JSON.stringify(key.meta, null, 2) : "",
    externalId: key?.externalId ?? "",
  };
}

const NEW_RATELIMIT: KeyRatelimitForm = { name: "", limit: "", durationMs: "", autoApply: true };

/**
 * A key's rate limits, credits (with the refill schedule) and metadata (README, "Rate limits,
 * credits and metadata"), the same in the create dialog and the edit form. The form must hold
 * usageFormValues' shape under ratelimits, credits, meta and externalId.
 */
export function KeyUsageFields<T extends FieldValues>({ form: anyForm }: { form: UseFormReturn<T> }) {
  const form = anyForm as unknown as UseFormReturn<KeyUsageFormValues>;
  const { errors } = form.formState;
  const rows = useFieldArray({ control: form.control, name: "ratelimits" });
  const interval = form.watch("credits.refill.interval");
  const listError = errors.ratelimits?.root ?? errors.ratelimits;
  return (
    <fieldset className="grid gap-4 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">Limits and metadata (optional)</legend>
      <div className="grid gap-3">
        <div className="flex items-center justify-between gap-2">
          <span className="text-sm font-medium">Rate limits</span>
          <Button
            type="button"
            variant="outline"
            size="sm"
            disabled={rows.fields.length >= MAX_RATELIMITS_PER_KEY}
            onClick={() => rows.append(NEW_RATELIMIT)}
          >
            <Plus aria-hidden /> Add rate limit
          </Button>
        </div>
        {rows.fields.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            None: only the key&apos;s credits (if any) limit it.
          </p>
        ) : null}
        {rows.fields.map((row, index) => {
          const rowErrors = errors.ratelimits?.[index];
          return (
            <div
              key={row.id}
              className="grid gap-3 rounded-md border bg-muted/30 p-3"
              data-testid="ratelimit-row"
            >
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm text-muted-foreground">Rate limit {index + 1}</span>
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove rate limit ${index + 1}`}
                  onClick={() => rows.remove(index)}
                >
                  <Trash2 aria-hidden /> Remove
                </Button>
              </div>
              <div className="grid items-start gap-3 sm:grid-cols-3">
                <FormField label="Rate limit name" error={rowErrors?.name}>
                  <Input placeholder="requests" {...form.register(`ratelimits.${index}.name`)} />
                </FormField>
                <FormField label="Requests per window" error={rowErrors?.limit}>
                  <Input
                    inputMode="numeric"
                    placeholder="100"
                    {...form.register(`ratelimits.${index}.limit`)}
                  />
                </FormField>
                <FormField label="Window (milliseconds)" error={rowErrors?.durationMs}>
                  <Input
                    inputMode="numeric"
                    placeholder="60000"
                    {...form.register(`ratelimits.${index}.durationMs`)}
                  />
                </FormField>
              </div>
              <Controller
                control={form.control}
                name={`ratelimits.${index}.autoApply`}
                render={({ field }) => (
                  <FormField
                    label="Check on every verification"
                    description="Off: only when a verification names this limit."
                    orientation="horizontal"
                  >
                    <Checkbox
                      checked={field.value}
                      onCheckedChange={(next) => field.onChange(next === true)}
                      onBlur={field.onBlur}
                      ref={field.ref}
                    />
                  </FormField>
                )}
              />
            </div>
          );
        })}
        {listError?.message ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {listError.message}
          </p>
        ) : null}
      </div>
      <div className="grid items-start gap-4 sm:grid-cols-2">
        <FormField
          label="Credits"
          description="Each verification spends one. Empty: the key spends no credits."
          error={errors.credits?.remaining ?? errors.credits?.root ?? errors.credits}
        >
          <Input inputMode="numeric" placeholder="1000" {...form.register("credits.remaining")} />
        </FormField>
        <FormField label="Refill" error={errors.credits?.refill?.interval}>
          <NativeSelect {...form.register("credits.refill.interval")}>
            <option value="">Never</option>
            <option value="daily">Daily (UTC midnight)</option>
            <option value="monthly">Monthly</option>
          </NativeSelect>
        </FormField>
      </div>
      {interval ? (
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <FormField
            label="Refill amount"
            description="The balance each refill resets to."
            error={errors.credits?.refill?.amount}
          >
            <Input inputMode="numeric" placeholder="1000" {...form.register("credits.refill.amount")} />
          </FormField>
          {interval === "monthly" ? (
            <FormField
              label="Refill day"
              description="Day of the month, 1–31 (empty: the 1st)."
              error={errors.credits?.refill?.day}
            >
              <Input inputMode="numeric" placeholder="1" {...form.register("credits.refill.day")} />
            </FormField>
          ) : null}
        </div>
      ) : null}
      <div className="grid items-start gap-4 sm:grid-cols-2">
        <FormField
          label="External id"
          description="Your id for the customer or workload."
          error={errors.externalId}
        >
          <Input placeholder="cus_123" {...form.register("externalId")} />
        </FormField>
        <FormField
          label="Metadata (JSON object)"
          description="Returned by verify as is; at most 4 KB."
          error={errors.meta}
        >
          <Textarea
            rows={3}
            className="font-mono text-sm"
            placeholder='{"plan":"pro"}'
            {...form.register("meta")}
          />
        </FormField>
      </div>
    </fieldset>
  );
}
