"use client";

import * as React from "react";
import { Tooltip as TooltipPrimitive } from "radix-ui";

import { popup, popupSlide, styled } from "@/components/ui/styled";

/** Optional: wrap the app once to share `delayDuration`; each `Tooltip` also provides its own. */
export function TooltipProvider({
  delayDuration = 200,
  ...props
}: React.ComponentProps<typeof TooltipPrimitive.Provider>) {
  return <TooltipPrimitive.Provider data-slot="tooltip-provider" delayDuration={delayDuration} {...props} />;
}

export function Tooltip(props: React.ComponentProps<typeof TooltipPrimitive.Root>) {
  return (
    <TooltipProvider>
      <TooltipPrimitive.Root data-slot="tooltip" {...props} />
    </TooltipProvider>
  );
}

export const TooltipTrigger = styled(TooltipPrimitive.Trigger, "tooltip-trigger");

export const TooltipContent = popup(TooltipPrimitive, {
  slot: "tooltip-content",
  defaults: { sideOffset: 4 },
  base: [
    "z-50 w-fit max-w-xs origin-(--radix-tooltip-content-transform-origin) rounded-md bg-foreground px-3 py-1.5 text-xs text-balance text-background",
    "animate-in fade-in-0 zoom-in-95 data-[state=closed]:animate-out data-[state=closed]:fade-out-0 data-[state=closed]:zoom-out-95",
    popupSlide,
  ],
  around: (children) => (
    <>
      {children}
      <TooltipPrimitive.Arrow className="z-50 size-2.5 translate-y-[calc(-50%_-_2px)] rotate-45 rounded-[2px] bg-foreground fill-foreground" />
    </>
  ),
});
