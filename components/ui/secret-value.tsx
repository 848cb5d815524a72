"use client";

import { useId, type ReactNode } from "react";
import { TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogShell, type DialogShellProps } from "@/components/ui/dialog-shell";

/** A secret (a key's secret, a one-time link) shown once, with its label and a copy button. */
export function SecretValue(props: { label: string; value: string; copyLabel: string; testId: string }) {
  const id = useId();
  return (
    <div className="grid gap-1.5" data-slot="secret-value">
      <span className="text-sm font-medium" id={id}>
        {props.label}
      </span>
      <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-2">
        <code
          className="min-w-0 flex-1 break-all font-mono text-sm"
          aria-labelledby={id}
          data-testid={props.testId}
        >
          {props.value}
        </code>
        <CopyButton value={props.value} label={props.copyLabel} />
      </div>
    </div>
  );
}

type SecretDialogProps = Pick<DialogShellProps, "title" | "description" | "onOpenAutoFocus" | "children"> & {
  open: boolean;
  onClose: () => void;
  /** The warning above the secret: it is shown only now, and what to do if it is lost. */
  warning: { title: ReactNode; text: ReactNode; icon?: ReactNode };
  /** Buttons before "I have copied it". */
  actions?: ReactNode;
};

/**
 * The one moment a secret (a key's secret, a signing secret, a one-time link) is on screen: a
 * warning, the secret, and "I have copied it", the only way to close the dialog.
 */
export function SecretDialog({ open, onClose, warning, actions, children, ...shell }: SecretDialogProps) {
  return (
    <DialogShell
      {...shell}
      open={open}
      onOpenChange={(next) => (next ? undefined : onClose())}
      closeOnlyFromFooter
      className="sm:max-w-xl"
      footer={
        <>
          {actions}
          <Button onClick={onClose}>I have copied it</Button>
        </>
      }
    >
      <Alert variant="warning">
        {warning.icon ?? <TriangleAlert aria-hidden />}
        <AlertTitle>{warning.title}</AlertTitle>
        <AlertDescription>{warning.text}</AlertDescription>
      </Alert>
      {children}
    </DialogShell>
  );
}
