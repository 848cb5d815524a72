"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { DefaultValues, FieldValues } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { TotpCodeField } from "./totp-code-field";

// Regenerate, revoke, delete and view share one deliberate confirmation: optionally the key's
// label typed out, always a TOTP code, a pending state, and no double submit. Each has its own
// dialog component that fills this in; the caller renders it only while it is open.

type Schema = z.ZodType<FieldValues, FieldValues>;

/** What every guarded dialog receives from the key table. */
export type GuardedDialogProps = {
  totpEnabled: boolean;
  passkeyEnabled: boolean;
  returnTo: string;
  onClose: () => void;
};

type Props<S extends Schema, R> = GuardedDialogProps & {
  title: string;
  description: ReactNode;
  submitLabel: string;
  destructive?: boolean;
  /** When set, the user must type this label to enable the button. */
  confirmLabel?: string;
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.input<S>) => Promise<ActionResult<R>>;
  /** A change that is done once it succeeds: the dialog closes, this is toasted and the page refreshed. */
  successToast?: string;
  /** Anything else to do with the result (a dialog that shows a secret stays open). */
  onSuccess?: (result: R) => void;
  /** Shown above the confirmation fields (the impact preview). */
  children?: ReactNode;
};

export function GuardedKeyDialog<S extends Schema, R>(props: Props<S, R>) {
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: props.schema,
    defaultValues: props.defaultValues,
    action: props.action,
    onSuccess: (result: R) => {
      if (props.successToast !== undefined) {
        props.onClose();
        toast.success(props.successToast);
        router.refresh();
      }
      props.onSuccess?.(result);
    },
  });
  const errors = form.formState.errors as Record<string, { message?: string } | undefined>;
  const typed: unknown = props.confirmLabel ? form.watch("confirmLabel" as never) : "";
  const labelMatches =
    !props.confirmLabel || (typeof typed === "string" && typed.trim() === props.confirmLabel);

  return (
    <FormDialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={props.title}
      description={props.description}
      onSubmit={onSubmit}
      pending={pending}
      submitLabel={props.submitLabel}
      destructive={props.destructive}
      submitDisabled={!labelMatches || !(props.totpEnabled || props.passkeyEnabled)}
    >
      {props.children}
      {props.confirmLabel ? (
        <FormField
          label={
            <span>
              Type <strong className="font-mono break-all">{props.confirmLabel}</strong> to confirm
            </span>
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
        passkeyEnabled={props.passkeyEnabled}
        returnTo={props.returnTo}
      />
    </FormDialog>
  );
}
