"use client";

import type { ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { DialogFooter, DialogHeader } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";

type Props = {
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** Rendered only while open unless the caller controls it with a trigger. */
  open?: boolean;
  /** The button that opens the dialog, with onOpen. */
  trigger?: ReactNode;
  onOpen?: () => void;
  /** What sits between the question and the buttons (a warning, the server's refusal). */
  children?: ReactNode;
};

/**
 * A deliberate confirmation that stays open (and cannot be re-submitted or dismissed) while the
 * action runs; the caller closes it when the action answers.
 */
export function ConfirmDialog({ open = true, pending, onClose, onOpen, ...props }: Props) {
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (next) onOpen?.();
        else if (!pending) onClose();
      }}
    >
      {props.trigger ? <AlertDialogTrigger asChild>{props.trigger}</AlertDialogTrigger> : null}
      <AlertDialogContent>
        <DialogHeader>
          <AlertDialogTitle>{props.title}</AlertDialogTitle>
          <AlertDialogDescription>{props.description}</AlertDialogDescription>
        </DialogHeader>
        {props.children}
        <DialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button
            variant={props.destructive ? "destructive" : "default"}
            loading={pending}
            onClick={() => (pending ? undefined : props.onConfirm())}
          >
            {props.confirmLabel}
          </Button>
        </DialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
