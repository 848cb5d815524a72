"use client";

import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField, useFormField, type FormFieldError } from "@/components/ui/form-field";

// Fields shared by the create and edit forms: checkbox lists bound to string arrays.

type ChoiceListProps<T extends FieldValues> = {
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
