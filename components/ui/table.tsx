import * as React from "react";

import { styled } from "@/components/ui/styled";
import { cn } from "@/lib/utils";

type TableProps = React.ComponentProps<"table"> & {
  /** Classes for the scrolling wrapper `<div>`. */
  containerClassName?: string;
};

export function Table({ className, containerClassName, ...props }: TableProps) {
  return (
    <div data-slot="table-container" className={cn("relative w-full overflow-x-auto", containerClassName)}>
      <table data-slot="table" className={cn("w-full caption-bottom text-sm", className)} {...props} />
    </div>
  );
}

export const TableHeader = styled("thead", "table-header", "[&_tr]:border-b");
export const TableBody = styled("tbody", "table-body", "[&_tr:last-child]:border-0");
export const TableRow = styled(
  "tr",
  "table-row",
  "border-b transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted",
);
export const TableHead = styled(
  "th",
  "table-head",
  "h-10 px-2 text-left align-middle font-medium whitespace-nowrap text-muted-foreground [&:has([role=checkbox])]:pr-0 [&>[role=checkbox]]:translate-y-[2px]",
);
export const TableCell = styled(
  "td",
  "table-cell",
  "p-2 align-middle whitespace-nowrap [&:has([role=checkbox])]:pr-0 [&>[role=checkbox]]:translate-y-[2px]",
);
export const TableCaption = styled("caption", "table-caption", "mt-4 text-sm text-muted-foreground");
