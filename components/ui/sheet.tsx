"use client";

import * as React from "react";
import { Dialog as SheetPrimitive } from "radix-ui";
import { X } from "lucide-react";

import { DIALOG_OVERLAY_CLASS } from "@/components/ui/dialog";
import { styled } from "@/components/ui/styled";
import { cn } from "@/lib/utils";

export const Sheet = styled(SheetPrimitive.Root, "sheet");
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

export function SheetContent({
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
        {showCloseButton ? (
          <SheetPrimitive.Close
            data-slot="sheet-close"
            className={cn(
              "absolute top-4 right-4 rounded-xs opacity-70 transition-opacity outline-none hover:opacity-100",
              "focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:pointer-events-none",
            )}
          >
            <X className="size-4" aria-hidden="true" />
            <span className="sr-only">Close</span>
          </SheetPrimitive.Close>
        ) : null}
      </SheetPrimitive.Content>
    </SheetPrimitive.Portal>
  );
}

export const SheetHeader = styled("div", "sheet-header", "flex flex-col gap-1.5 p-4 pr-12");
export const SheetBody = styled("div", "sheet-body", "flex-1 px-4");
export const SheetTitle = styled(SheetPrimitive.Title, "sheet-title", "font-semibold text-foreground");
export const SheetDescription = styled(
  SheetPrimitive.Description,
  "sheet-description",
  "text-sm text-muted-foreground",
);
