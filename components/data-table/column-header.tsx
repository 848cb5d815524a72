"use client";

import * as React from "react";
import type { Column, ColumnDef } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";

import { cn } from "@/lib/utils";

/** Value for the `<th aria-sort>` of a column (only the sorted column gets one). */
function getAriaSort<TData, TValue>(column: Column<TData, TValue>): "ascending" | "descending" | undefined {
  const sorted = column.getIsSorted();
  if (sorted === "asc") return "ascending";
  if (sorted === "desc") return "descending";
  return undefined;
}

type DataTableColumnHeaderProps<TData, TValue> = React.ComponentProps<"div"> & {
  column: Column<TData, TValue>;
  title: string;
  /** Right-align (numeric columns). */
  align?: "start" | "end";
};

/**
 * Column header that toggles server-side sorting (asc ⇄ desc; first click uses the column's
 * `sortDescFirst`). Renders plain text for columns that cannot sort. `DataTable` puts
 * `aria-sort` on the enclosing `<th>`.
 */
function DataTableColumnHeader<TData, TValue>({
  column,
  title,
  align = "start",
  className,
  ...props
}: DataTableColumnHeaderProps<TData, TValue>) {
  if (!column.getCanSort()) {
    return (
      <div className={cn(align === "end" && "text-right", className)} {...props}>
        {title}
      </div>
    );
  }

  const sorted = column.getIsSorted();
  const nextDesc = sorted === "asc" ? true : sorted === "desc" ? false : column.getFirstSortDir() === "desc";
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ChevronsUpDown;

  return (
    <div className={cn("flex items-center", align === "end" && "justify-end", className)} {...props}>
      <button
        type="button"
        onClick={() => column.toggleSorting(nextDesc)}
        title={`Sort ${nextDesc ? "descending" : "ascending"}`}
        className={cn(
          "-mx-2 inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm font-medium outline-none transition-colors",
          "hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
          sorted && "text-foreground",
          align === "end" && "flex-row-reverse",
        )}
      >
        <span>{title}</span>
        <Icon className={cn("size-3.5 shrink-0", !sorted && "opacity-50")} aria-hidden="true" />
      </button>
    </div>
  );
}

/**
 * A column that sorts by a field of the row: the field is its id (the sort field in the URL) and its
 * accessor, and its header toggles the sort.
 */
function sortableColumn<TData>(
  field: keyof TData & string,
  title: string,
  rest: Omit<ColumnDef<TData>, "id" | "header">,
): ColumnDef<TData> {
  return {
    id: field,
    accessorKey: field,
    header: ({ column }) => <DataTableColumnHeader column={column} title={title} />,
    ...rest,
  } as ColumnDef<TData>;
}

export { getAriaSort, sortableColumn };
