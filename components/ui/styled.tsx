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
