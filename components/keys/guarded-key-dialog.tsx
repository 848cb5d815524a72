"use client";

import type { ReactNode } from "react";
import type { DefaultValues, FieldValues } from "react-hook-form";
import type { z } from "zod";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { TotpCodeField } from "./totp-code-field";

// Regenerate, revoke and delete share one deliberate confirmation: optionally the key's label
// typed out, always a TOTP code, a pending state, and no double submit.

type Schema = z.ZodType<FieldValues, FieldValues>;

export type GuardedKeyDialogProps<S extends Schema, R> = {
  open: boolean;
  title: string;
  description: ReactNode;
  submitLabel: string;
  destructive?: boolean;
  /** When set, the user must type this label to enable the button. */
  confirmLabel?: string;
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.output<S>) => Promise<ActionResult<R>>;
  onSuccess: (result: R) => void;
  onClose: () => void;
  totpEnabled: boolean;
  returnTo: string;
};

export function GuardedKeyDialog<S extends Schema, R>(props: GuardedKeyDialogProps<S, R>) {
  return (
    <Dialog open={props.open} onOpenChange={(open) => (open ? undefined : props.onClose())}>
      <DialogContent>{props.open ? <GuardedForm {...props} /> : null}</DialogContent>
    </Dialog>
  );
}

function GuardedForm<S extends Schema, R>(props: GuardedKeyDialogProps<S, R>) {
  const { form, onSubmit, pending } = useActionForm({
    schema: props.schema,
    defaultValues: props.defaultValues,
    action: props.action,
    onSuccess: props.onSuccess,
  });
  const errors = form.formState.errors as Record<string, { message?: string } | undefined>;
  const typed: unknown = props.confirmLabel ? form.watch("confirmLabel" as never) : "";
  const labelMatches =
    !props.confirmLabel || (typeof typed === "string" && typed.trim() === props.confirmLabel);

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogDescription asChild>
          <div>{props.description}</div>
        </DialogDescription>
      </DialogHeader>
      {props.confirmLabel ? (
        <FormField
          label={
            <>
              Type <strong className="font-mono">{props.confirmLabel}</strong> to confirm
            </>
          }
          error={errors.confirmLabel}
        >
          <Input autoComplete="off" autoFocus {...form.register("confirmLabel" as never)} />
        </FormField>
      ) : null}
      <TotpCodeField
        registration={form.register("totpCode" as never)}
        error={errors.totpCode}
        totpEnabled={props.totpEnabled}
        returnTo={props.returnTo}
      />
      <DialogFooter>
        <Button type="button" variant="outline" onClick={props.onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant={props.destructive ? "destructive" : "default"}
          loading={pending}
          disabled={!labelMatches || !props.totpEnabled}
        >
          {props.submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}
