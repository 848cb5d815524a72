"use client";

import type { ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Spinner } from "@/components/ui/spinner";

type Props = {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** More to confirm with, below the description (e.g. an authenticator code). */
  children?: ReactNode;
};

/** A deliberate confirmation that stays open (and cannot be re-submitted) while the action runs. */
export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  destructive,
  pending,
  onConfirm,
  onClose,
  children,
}: Props) {
  return (
    <AlertDialog open onOpenChange={(open) => (open || pending ? undefined : onClose())}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {children}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant={destructive ? "destructive" : "default"}
            disabled={pending}
            aria-busy={pending || undefined}
            onClick={(event) => {
              // Keep the dialog open until the action answers; the caller closes it.
              event.preventDefault();
              if (!pending) onConfirm();
            }}
          >
            {pending ? <Spinner aria-hidden="true" /> : null}
            {confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
