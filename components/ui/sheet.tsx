"use client";

import * as React from "react";
import { Dialog as SheetPrimitive } from "radix-ui";

import { CornerClose, DIALOG_OVERLAY_CLASS } from "@/components/ui/dialog";
import { styled } from "@/components/ui/styled";
import { cn } from "@/lib/utils";

const Sheet = styled(SheetPrimitive.Root, "sheet");
const SheetOverlay = styled(SheetPrimitive.Overlay, "sheet-overlay", DIALOG_OVERLAY_CLASS);

type SheetSide = "top" | "right" | "bottom" | "left";

const sideClasses: Record<SheetSide, string> = {
  right:
    "inset-y-0 right-0 h-full w-3/4 border-l sm:max-w-md data-[state=open]:slide-in-from-right data-[state=closed]:slide-out-to-right",
  left: "inset-y-0 left-0 h-full w-3/4 border-r sm:max-w-md data-[state=open]:slide-in-from-left data-[state=closed]:slide-out-to-left",
  top: "inset-x-0 top-0 h-auto max-h-[85dvh] border-b data-[state=open]:slide-in-from-top data-[state=closed]:slide-out-to-top",
  bottom:
    "inset-x-0 bottom-0 h-auto max-h-[85dvh] border-t data-[state=open]:slide-in-from-bottom data-[state=closed]:slide-out-to-bottom",
};

type SheetContentProps = React.ComponentProps<typeof SheetPrimitive.Content> & {
  side?: SheetSide;
  /** Render the top-right "Close" icon button (default true). */
  showCloseButton?: boolean;
};

function SheetContent({
  className,
  children,
  side = "right",
  showCloseButton = true,
  ...props
}: SheetContentProps) {
  return (
    <SheetPrimitive.Portal>
      <SheetOverlay />
      <SheetPrimitive.Content
        data-slot="sheet-content"
        data-side={side}
        className={cn(
          "fixed z-50 flex flex-col gap-4 overflow-y-auto bg-background shadow-lg outline-none",
          "data-[state=open]:animate-in data-[state=open]:duration-300 data-[state=closed]:animate-out data-[state=closed]:duration-200",
          sideClasses[side],
          className,
        )}
        {...props}
      >
        {children}
        {showCloseButton ? <CornerClose slot="sheet-close" /> : null}
      </SheetPrimitive.Content>
    </SheetPrimitive.Portal>
  );
}

const SheetHeader = styled("div", "sheet-header", "flex flex-col gap-1.5 p-4 pr-12");
export const SheetBody = styled("div", "sheet-body", "flex-1 px-4");
const SheetTitle = styled(SheetPrimitive.Title, "sheet-title", "font-semibold text-foreground");
const SheetDescription = styled(
  SheetPrimitive.Description,
  "sheet-description",
  "text-sm text-muted-foreground",
);

/** A details panel from the right (an audit entry, a key), open while there is something to show. */
export function DetailsSheet({
  open,
  onClose,
  children,
}: {
  open: boolean;
  onClose: () => void;
  children: React.ReactNode;
}) {
  return (
    <Sheet open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <SheetContent className="w-full sm:max-w-xl">{children}</SheetContent>
    </Sheet>
  );
}

/** A details panel's heading: the title (with its badges) over a description. */
export function SheetHeading({
  title,
  description,
}: {
  title: React.ReactNode;
  description: React.ReactNode;
}) {
  return (
    <SheetHeader>
      <SheetTitle className="flex flex-wrap items-center gap-2">{title}</SheetTitle>
      <SheetDescription>{description}</SheetDescription>
    </SheetHeader>
  );
}

/** A titled part of a details panel; `id` names it for aria-labelledby. */
export function SheetSection({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="grid gap-3">
      <h3 id={id} className="text-sm font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** One term of a details panel's description list, over its value (`mono` for ids and hashes). */
export function SheetField({
  label,
  mono,
  children,
}: {
  label: string;
  mono?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className="grid min-w-0 gap-1">
      <dt className="text-xs font-medium tracking-wide text-muted-foreground uppercase">{label}</dt>
      <dd className={mono ? "font-mono text-xs break-all" : "text-sm break-words"}>{children}</dd>
    </div>
  );
}
