import * as React from "react";
import type { ClassValue } from "clsx";

import { cn } from "@/lib/utils";

// Most of components/ui is one pattern (shadcn's): an element or a Radix part rendered with a
// data-slot and base classes, the caller's className merged after them. styled() writes it once.

export function styled<C extends React.ElementType>(component: C, slot: string, ...base: ClassValue[]) {
  const Element = component as React.ElementType;
  function Styled({ className, ...props }: React.ComponentProps<C> & { className?: string }) {
    return <Element data-slot={slot} className={cn(...base, className) || undefined} {...props} />;
  }
  Styled.displayName = slot;
  return Styled;
}

/** How a pop-up opens on its side: the slide in from the trigger. */
export const popupSlide =
  "data-[side=bottom]:slide-in-from-top-2 data-[side=left]:slide-in-from-right-2 data-[side=right]:slide-in-from-left-2 data-[side=top]:slide-in-from-bottom-2";
/** How a popover, menu or select list opens and closes: fade and zoom, then the slide. */
export const popupMotion = [
  "data-[state=open]:animate-in data-[state=open]:fade-in-0 data-[state=open]:zoom-in-95 data-[state=closed]:animate-out data-[state=closed]:fade-out-0 data-[state=closed]:zoom-out-95",
  popupSlide,
];

type PopupParts = { Portal: React.ElementType; Content: React.ElementType };
type PopupOptions<P> = {
  slot: string;
  /** Props the caller may leave out (or pass as undefined). */
  defaults?: Partial<P>;
  /** Base classes, before the caller's className; from the props where they depend on them. */
  base: ClassValue[] | ((props: P) => ClassValue[]);
  /** What the content holds around the caller's children (a tooltip's arrow, a select's viewport). */
  around?: (children: React.ReactNode, props: P) => React.ReactNode;
};

/**
 * A Radix pop-up's content (popover, menu, select list, tooltip): rendered in its portal with a
 * data-slot, defaults for what the caller leaves out, and the base classes before the caller's className.
 */
export function popup<Parts extends PopupParts>(
  parts: Parts,
  options: PopupOptions<React.ComponentProps<Parts["Content"]>>,
) {
  type Props = React.ComponentProps<Parts["Content"]>;
  const { Portal, Content } = parts;
  function Popup({
    className,
    children,
    ...rest
  }: Props & { className?: string; children?: React.ReactNode }) {
    const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    const props = { ...options.defaults, ...given } as Props;
    const base = typeof options.base === "function" ? options.base(props) : options.base;
    return (
      <Portal>
        <Content data-slot={options.slot} {...props} className={cn(...base, className)}>
          {options.around ? options.around(children, props) : children}
        </Content>
      </Portal>
    );
  }
  Popup.displayName = options.slot;
  return Popup;
}
