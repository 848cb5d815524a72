import * as React from "react";

import { cn } from "@/lib/utils";

type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** A lucide icon component (e.g. `KeyRound`) or any element. */
  icon?: React.ComponentType<{ className?: string; "aria-hidden"?: boolean | "true" }> | React.ReactElement;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Call to action(s), e.g. a `<Button>`. */
  action?: React.ReactNode;
  /** Heading level for the title (default 3). */
  headingLevel?: 2 | 3 | 4;
  /** Drop the dashed border (e.g. when rendered inside a table cell or card). */
  bare?: boolean;
};

function EmptyState({
  icon: Icon,
  title,
  description,
  action,
  headingLevel = 3,
  bare = false,
  className,
  children,
  ...props
}: EmptyStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-4 px-6 py-12 text-center",
        !bare && "rounded-lg border border-dashed",
        className,
      )}
      {...props}
    >
      {Icon ? (
        <div className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-6">
          {React.isValidElement(Icon) ? Icon : <Icon aria-hidden="true" />}
        </div>
      ) : null}
      <div className="flex max-w-sm flex-col gap-1.5">
        <Heading className="text-base font-semibold tracking-tight">{title}</Heading>
        {description ? <p className="text-sm text-balance text-muted-foreground">{description}</p> : null}
      </div>
      {action ? <div className="flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
      {children}
    </div>
  );
}

export { EmptyState };
