"use client";

import { useState } from "react";
import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";
import { FormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { DAY_MS } from "@/lib/time";

type Policy = { defaultLifetimeDays: number; minLifetimeDays: number; maxLifetimeDays: number };

const PRESETS = [30, 90, 180, 365, 730];

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Expiry as the create forms send it: "" (policy default), a number of days as digits, or an
 * ISO date. Presets outside the policy's bounds are not offered; the server checks again.
 */
export function ExpiryField<T extends FieldValues>({
  control,
  name,
  policy,
  error,
}: {
  control: Control<T>;
  name: Path<T>;
  policy: Policy;
  error?: FormFieldError;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <ExpiryPicker
          policy={policy}
          value={typeof field.value === "string" ? field.value : ""}
          onChange={field.onChange}
          error={error}
        />
      )}
    />
  );
}

function ExpiryPicker({
  policy,
  value,
  onChange,
  error,
}: {
  policy: Policy;
  value: string;
  onChange: (value: string) => void;
  error?: FormFieldError;
}) {
  const presets = PRESETS.filter((d) => d >= policy.minLifetimeDays && d <= policy.maxLifetimeDays);
  const [mode, setMode] = useState<string>(value === "" ? "default" : /^\d+$/.test(value) ? value : "date");
  // "Now" is fixed when the field mounts, so renders stay pure; the server checks the bounds again.
  const [now] = useState(() => Date.now());
  const min = isoDay(new Date(now + policy.minLifetimeDays * DAY_MS));
  const max = isoDay(new Date(now + policy.maxLifetimeDays * DAY_MS));
  const labels: Record<string, string> = {
    default: `Policy default (${policy.defaultLifetimeDays} days)`,
    date: "On a date…",
    ...Object.fromEntries(presets.map((d) => [String(d), `${d} days`])),
  };

  function choose(next: string) {
    setMode(next);
    if (next === "default") onChange("");
    else if (next === "date") onChange(isoDay(new Date(now + policy.defaultLifetimeDays * DAY_MS)));
    else onChange(next);
  }

  return (
    <FormField
      label="Expires"
      description={`Between ${policy.minLifetimeDays} and ${policy.maxLifetimeDays} days from now (organization policy).`}
      error={error}
    >
      {(control) => (
        <div className="flex flex-wrap gap-2">
          <Select value={mode} onValueChange={choose}>
            <SelectTrigger {...control} className="w-56">
              <SelectValue>{labels[mode]}</SelectValue>
            </SelectTrigger>
            <SelectContent>
              {Object.entries(labels).map(([key, label]) => (
                <SelectItem key={key} value={key}>
                  {label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          {mode === "date" ? (
            <Input
              type="date"
              aria-label="Expiry date"
              className="w-44"
              min={min}
              max={max}
              value={value}
              onChange={(event) => onChange(event.target.value)}
            />
          ) : null}
        </div>
      )}
    </FormField>
  );
}
