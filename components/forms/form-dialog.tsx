"use client";

import type { ComponentProps, FormEventHandler, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

// The shell every form dialog shares: a header, the fields, and a footer whose Cancel closes the
// dialog and whose submit button shows the pending state (useActionForm prevents a double submit;
// it also places server field errors and toasts the rest).

type Props = {
  open: boolean;
  /** Called with false by Escape, the close button, a click outside and Cancel alike. */
  onOpenChange: (open: boolean) => void;
  /** The button that opens the dialog; omitted when the caller opens it. */
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  onSubmit: FormEventHandler<HTMLFormElement>;
  pending: boolean;
  submitLabel: string;
  destructive?: boolean;
  submitDisabled?: boolean;
  /** Width and scrolling of the dialog (DialogContent's className). */
  className?: string;
  /** The form's own spacing, gap-4 unless set. */
  formClassName?: string;
  onOpenAutoFocus?: ComponentProps<typeof DialogContent>["onOpenAutoFocus"];
  children: ReactNode;
};

export function FormDialog(props: Props) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      {props.trigger ? <DialogTrigger asChild>{props.trigger}</DialogTrigger> : null}
      <DialogContent className={props.className} onOpenAutoFocus={props.onOpenAutoFocus}>
        <form onSubmit={props.onSubmit} noValidate className={props.formClassName ?? "grid gap-4"}>
          <DialogHeader>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogDescription asChild>
              <div>{props.description}</div>
            </DialogDescription>
          </DialogHeader>
          {props.children}
          <FormDialogFooter
            pending={props.pending}
            submitLabel={props.submitLabel}
            destructive={props.destructive}
            submitDisabled={props.submitDisabled}
            onCancel={() => props.onOpenChange(false)}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}

type FooterProps = Pick<Props, "pending" | "submitLabel" | "destructive" | "submitDisabled"> & {
  onCancel: () => void;
};

/** Cancel and submit, for a form inside a dialog that is not a FormDialog (one of several forms). */
export function FormDialogFooter(props: FooterProps) {
  return (
    <DialogFooter>
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
    </DialogFooter>
  );
}
