"use client";

import { Popover as PopoverPrimitive } from "radix-ui";

import { popup, popupMotion, styled } from "@/components/ui/styled";

export const Popover = styled(PopoverPrimitive.Root, "popover");
export const PopoverTrigger = styled(PopoverPrimitive.Trigger, "popover-trigger");

export const PopoverContent = popup(PopoverPrimitive, {
  slot: "popover-content",
  defaults: { align: "center", sideOffset: 4 },
  base: [
    "z-50 w-72 origin-(--radix-popover-content-transform-origin) rounded-md border bg-popover p-4 text-popover-foreground shadow-md outline-hidden",
    popupMotion,
  ],
});
