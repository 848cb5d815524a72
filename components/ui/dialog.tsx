"use client";

import * as React from "react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { X } from "lucide-react";

import { styled } from "@/components/ui/styled";
import { cn } from "@/lib/utils";

// The overlay and the panel are shared with the alert dialog (components/ui/alert-dialog.tsx).
export const DIALOG_OVERLAY_CLASS = cn(
  "fixed inset-0 z-50 bg-black/50",
  "data-[state=open]:animate-in data-[state=open]:fade-in-0 data-[state=closed]:animate-out data-[state=closed]:fade-out-0",
);

export const DIALOG_CONTENT_CLASS = cn(
  "fixed top-1/2 left-1/2 z-50 grid max-h-[calc(100dvh-2rem)] w-full max-w-[calc(100%-2rem)] -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto",
  "rounded-lg border bg-background p-6 shadow-lg outline-none sm:max-w-lg",
  "data-[state=open]:animate-in data-[state=open]:fade-in-0 data-[state=open]:zoom-in-95",
  "data-[state=closed]:animate-out data-[state=closed]:fade-out-0 data-[state=closed]:zoom-out-95",
);

export const Dialog = styled(DialogPrimitive.Root, "dialog");
export const DialogTrigger = styled(DialogPrimitive.Trigger, "dialog-trigger");
const DialogOverlay = styled(DialogPrimitive.Overlay, "dialog-overlay", DIALOG_OVERLAY_CLASS);

type DialogContentProps = React.ComponentProps<typeof DialogPrimitive.Content> & {
  /** Render the top-right "Close" icon button (default true). */
  showCloseButton?: boolean;
};

export function DialogContent({ className, children, showCloseButton = true, ...props }: DialogContentProps) {
  return (
    <DialogPrimitive.Portal>
      <DialogOverlay />
      <DialogPrimitive.Content
        data-slot="dialog-content"
        className={cn(DIALOG_CONTENT_CLASS, className)}
        {...props}
      >
        {children}
        {showCloseButton ? <CornerClose slot="dialog-close" /> : null}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** The top-right "Close" icon button of a dialog or a sheet (both are Radix dialogs). */
export function CornerClose({ slot }: { slot: string }) {
  return (
    <DialogPrimitive.Close
      data-slot={slot}
      className={cn(
        "absolute top-4 right-4 rounded-xs opacity-70 transition-opacity outline-none hover:opacity-100",
        "focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:pointer-events-none",
        "[&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4",
      )}
    >
      <X aria-hidden="true" />
      <span className="sr-only">Close</span>
    </DialogPrimitive.Close>
  );
}

export const DialogHeader = styled("div", "dialog-header", "flex flex-col gap-2 text-center sm:text-left");
export const DialogFooter = styled(
  "div",
  "dialog-footer",
  "flex flex-col-reverse gap-2 sm:flex-row sm:justify-end",
);
export const DialogTitle = styled(
  DialogPrimitive.Title,
  "dialog-title",
  "text-lg leading-none font-semibold",
);
export const DialogDescription = styled(
  DialogPrimitive.Description,
  "dialog-description",
  "text-sm text-muted-foreground",
);
