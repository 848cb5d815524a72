import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";

import { styled } from "@/components/ui/styled";
import { cn } from "@/lib/utils";

const alertVariants = cva(
  [
    "relative grid w-full grid-cols-[0_1fr] items-start gap-y-0.5 rounded-lg border px-4 py-3 text-sm",
    "has-[>svg]:grid-cols-[calc(var(--spacing)*4)_1fr] has-[>svg]:gap-x-3 [&>svg]:size-4 [&>svg]:translate-y-0.5 [&>svg]:text-current",
  ],
  {
    variants: {
      variant: {
        default: "bg-card text-card-foreground",
        destructive:
          "border-destructive/30 bg-destructive/5 text-destructive *:data-[slot=alert-description]:text-destructive/90",
        warning:
          "border-warning/30 bg-warning/5 text-warning *:data-[slot=alert-description]:text-foreground/80",
        success:
          "border-success/30 bg-success/5 text-success *:data-[slot=alert-description]:text-foreground/80",
        info: "border-info/30 bg-info/5 text-info *:data-[slot=alert-description]:text-foreground/80",
      },
    },
    defaultVariants: {
      variant: "default",
    },
  },
);

type AlertProps = React.ComponentProps<"div"> & VariantProps<typeof alertVariants>;

/**
 * Static callout. Defaults to `role="alert"` for destructive/warning (announced immediately)
 * and `role="status"` otherwise; pass `role` to override.
 */
export function Alert({ className, variant, role, ...props }: AlertProps) {
  const defaultRole = variant === "destructive" || variant === "warning" ? "alert" : "status";
  return (
    <div
      data-slot="alert"
      role={role ?? defaultRole}
      className={cn(alertVariants({ variant }), className)}
      {...props}
    />
  );
}

export const AlertTitle = styled(
  "div",
  "alert-title",
  "col-start-2 line-clamp-1 min-h-4 font-medium tracking-tight",
);

export const AlertDescription = styled(
  "div",
  "alert-description",
  // A block, not a grid: a sentence with a link inside stays one run of text that wraps as prose.
  "col-start-2 text-sm text-muted-foreground [&_p]:leading-relaxed [&>*+*]:mt-1",
);
