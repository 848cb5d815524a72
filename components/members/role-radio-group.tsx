"use client";

import { useId } from "react";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { cn } from "@/lib/utils";

export type RoleOption<V extends string> = { value: V; label: string; description: string };

type Props<V extends string> = {
  legend: string;
  options: readonly RoleOption<V>[];
  value: V;
  onValueChange: (value: V) => void;
  error?: string;
  disabled?: boolean;
};

/** A role picker: one card per role with what it may do, navigable with the arrow keys. */
export function RoleRadioGroup<V extends string>({
  legend,
  options,
  value,
  onValueChange,
  error,
  disabled,
}: Props<V>) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? errorId : undefined} disabled={disabled}>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <RadioGroup
        value={value}
        onValueChange={(next) => {
          const option = options.find((o) => o.value === next);
          if (option) onValueChange(option.value);
        }}
        aria-invalid={error ? true : undefined}
        className="gap-2"
      >
        {options.map((option) => {
          const itemId = `${id}-${option.value}`;
          return (
            <label
              key={option.value}
              htmlFor={itemId}
              className={cn(
                "flex cursor-pointer items-start gap-3 rounded-md border p-3 transition-colors hover:bg-accent/40",
                option.value === value && "border-primary bg-accent/40",
              )}
            >
              <RadioGroupItem
                id={itemId}
                value={option.value}
                className="mt-0.5"
                aria-labelledby={`${itemId}-label`}
                aria-describedby={`${itemId}-description`}
              />
              <span className="grid gap-0.5">
                <span id={`${itemId}-label`} className="text-sm font-medium">
                  {option.label}
                </span>
                <span id={`${itemId}-description`} className="text-sm text-muted-foreground">
                  {option.description}
                </span>
              </span>
            </label>
          );
        })}
      </RadioGroup>
      <p
        id={errorId}
        aria-live="polite"
        className={cn("text-sm font-medium text-destructive", !error && "sr-only")}
      >
        {error}
      </p>
    </fieldset>
  );
}
