import * as React from "react";
import { Slot as SlotPrimitive } from "radix-ui";
import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "@/lib/utils";

const badgeVariants = cva(
  [
    "inline-flex w-fit shrink-0 items-center justify-center gap-1 overflow-hidden whitespace-nowrap rounded-md border px-2 py-0.5 text-xs font-medium",
    "transition-[color,box-shadow] outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50",
    "[&>svg]:pointer-events-none [&>svg]:size-3",
  ],
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground [a&]:hover:bg-primary/90",
        secondary: "border-transparent bg-secondary text-secondary-foreground [a&]:hover:bg-secondary/90",
        outline: "text-foreground [a&]:hover:bg-accent [a&]:hover:text-accent-foreground",
        success: "border-success/25 bg-success/10 text-success dark:bg-success/15",
        warning: "border-warning/25 bg-warning/10 text-warning dark:bg-warning/15",
        info: "border-info/25 bg-info/10 text-info dark:bg-info/15",
        destructive: "border-destructive/25 bg-destructive/10 text-destructive dark:bg-destructive/15",
      },
    },
    defaultVariants: {
      variant: "default",
    },
  },
);

type BadgeProps = React.ComponentProps<"span"> &
  VariantProps<typeof badgeVariants> & {
    asChild?: boolean;
  };

function Badge({ className, variant, asChild = false, ...props }: BadgeProps) {
  const Comp = asChild ? SlotPrimitive.Slot : "span";
  return <Comp data-slot="badge" className={cn(badgeVariants({ variant }), className)} {...props} />;
}

/** Names from code (permissions, event types), each a secondary badge, in a row that wraps. */
function CodeBadges(props: { items: readonly string[]; className?: string; badgeClassName?: string }) {
  return (
    <span className={cn("flex flex-wrap gap-1", props.className)}>
      {props.items.map((item) => (
        <Badge key={item} variant="secondary" className={cn("font-mono", props.badgeClassName)}>
          {item}
        </Badge>
      ))}
    </span>
  );
}

export { Badge, CodeBadges };
export type { BadgeProps };
