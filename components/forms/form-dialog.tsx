"use client";

import { useState, type FormEventHandler } from "react";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { DialogShell, type DialogShellProps } from "@/components/ui/dialog-shell";
import { useActionForm, type ActionFormOptions, type Schema } from "./use-action-form";

// The shell every form dialog shares: a header, the fields, and a footer whose Cancel closes the
// dialog and whose submit button shows the pending state (useActionForm prevents a double submit;
// it also places server field errors and toasts the rest).

type Props = Omit<DialogShellProps, "footer" | "wrap" | "closeOnlyFromFooter"> & {
  onSubmit: FormEventHandler<HTMLFormElement>;
  pending: boolean;
  submitLabel: string;
  destructive?: boolean;
  submitDisabled?: boolean;
  /** The form's own spacing, gap-4 unless set. */
  formClassName?: string;
};

export function FormDialog(props: Props) {
  const { onSubmit, formClassName, pending, submitLabel, destructive, submitDisabled, ...shell } = props;
  return (
    <DialogShell
      {...shell}
      wrap={(content) => (
        <form onSubmit={onSubmit} noValidate className={formClassName ?? "grid gap-4"}>
          {content}
        </form>
      )}
      footer={
        <FormButtons
          pending={pending}
          submitLabel={submitLabel}
          destructive={destructive}
          submitDisabled={submitDisabled}
          onCancel={() => shell.onOpenChange(false)}
        />
      }
    />
  );
}

type ButtonsProps = Pick<Props, "pending" | "submitLabel" | "destructive" | "submitDisabled"> & {
  onCancel: () => void;
};

function FormButtons(props: ButtonsProps) {
  return (
    <>
      <Button type="button" variant="outline" onClick={props.onCancel}>
        Cancel
      </Button>
      <Button
        type="submit"
        variant={props.destructive ? "destructive" : "default"}
        loading={props.pending}
        disabled={props.submitDisabled}
      >
        {props.submitLabel}
      </Button>
    </>
  );
}

/** Cancel and submit, for a form inside a dialog that is not a FormDialog (one of several forms). */
export function FormDialogFooter(props: ButtonsProps) {
  return (
    <DialogFooter>
      <FormButtons {...props} />
    </DialogFooter>
  );
}

/**
 * useActionForm for a dialog with a trigger: the dialog closes when the action succeeds, and every
 * way of closing it (Cancel, Escape, the close button, a click outside, success) resets the form,
 * so it starts afresh next time. `dialog` spreads into FormDialog.
 */
export function useFormDialog<S extends Schema, TData>(
  options: ActionFormOptions<S, TData> & { initiallyOpen?: boolean },
) {
  const [open, setOpen] = useState(options.initiallyOpen ?? false);
  // Closed by success: whatever onSuccess opens next (a reveal) stands alone (DialogShell's handedOver).
  const [handedOver, setHandedOver] = useState(false);
  const { form, onSubmit, pending } = useActionForm({
    ...options,
    onSuccess: (data, succeeded) => {
      setHandedOver(true);
      setOpen(false);
      succeeded.reset(options.defaultValues);
      options.onSuccess?.(data, succeeded);
    },
  });
  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) setHandedOver(false);
    else form.reset(options.defaultValues);
  }
  return { form, dialog: { open, onOpenChange, onSubmit, pending, handedOver } };
}
