"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type Row,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";

import { cn } from "@/lib/utils";
import type { SortDirection } from "@/lib/data-table/search-params";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { Checkbox } from "@/components/ui/checkbox";
import { getAriaSort } from "@/components/data-table/column-header";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { TableUrlStateProvider, useTableUrlState } from "@/components/data-table/use-table-url-state";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for both the `<th>` and `<td>` of the column (e.g. "w-12 text-right"). */
    className?: string;
    headerClassName?: string;
    cellClassName?: string;
  }
}

type DataTableProps<TData, TValue = unknown> = {
  /** Column ids double as server sort fields (`?sort=<id>`); sortable columns need an accessor. */
  columns: ColumnDef<TData, TValue>[];
  data: TData[];
  pageCount: number;
  totalCount: number;
  getRowId?: (row: TData, index: number) => string;
  /** Usually a `<DataTableToolbar />`; shares the table's URL state and pending flag. */
  toolbar?: React.ReactNode;
  /** Rendered in a full-width cell when `data` is empty (default "No results."). */
  emptyState?: React.ReactNode;
  /** The server's sort when the URL has none, so the header shows it (pass `{ field: params.sort, dir: params.dir }`). */
  defaultSort?: { field: string; dir: SortDirection };
  /** Row activation by click or Enter. Clicks on links/buttons inside the row are ignored. */
  onRowClick?: (row: TData) => void;
  /** Navigate to this URL when a row is activated (client navigation). */
  getRowHref?: (row: TData) => string | undefined;
  /** Accessible table name (rendered as a visually hidden caption). */
  caption?: string;
  pageSizeOptions?: readonly number[];
  /** Noun for the results count, e.g. `["key", "keys"]`. */
  itemLabel?: readonly [singular: string, plural: string];
  hidePagination?: boolean;
  className?: string;
  /**
   * Rows can be selected (a checkbox column first; shift-click selects a range). The selection
   * is keyed by `getRowId` and owned by the caller, so it survives paging.
   */
  selection?: {
    selected: RowSelectionState;
    onChange: (next: RowSelectionState) => void;
    /** The checkbox's accessible name, e.g. "Select ci-runner". */
    rowLabel: (row: TData) => string;
  };
};

const INTERACTIVE =
  "a,button,input,select,textarea,label,[role=button],[role=menuitem],[role=checkbox],[role=switch]";

/**
 * Server-paginated, URL-driven table. Sorting/paging/filters live in the URL; the server page
 * parses them (`parseTableParams`) and passes the current page of `data` plus counts.
 * Rows form one tab stop: ↑/↓/Home/End move between rows, Enter/Space activates.
 */
function DataTable<TData, TValue = unknown>(props: DataTableProps<TData, TValue>) {
  return (
    <TableUrlStateProvider>
      <DataTableView {...props} />
    </TableUrlStateProvider>
  );
}

function DataTableView<TData, TValue>({
  columns,
  data,
  pageCount,
  totalCount,
  getRowId,
  toolbar,
  emptyState,
  defaultSort,
  onRowClick,
  getRowHref,
  caption,
  pageSizeOptions,
  itemLabel,
  hidePagination = false,
  className,
  selection,
}: DataTableProps<TData, TValue>) {
  const router = useRouter();
  const { page, perPage, sort, dir, setSort, isPending } = useTableUrlState();
  const [activeRow, setActiveRow] = React.useState(0);
  const bodyRef = React.useRef<HTMLTableSectionElement>(null);

  const sortField = sort ?? defaultSort?.field;
  const sortDir = (sort ? dir : undefined) ?? (sortField === defaultSort?.field ? defaultSort?.dir : "asc");
  const sorting: SortingState = sortField ? [{ id: sortField, desc: sortDir === "desc" }] : [];

  function handleSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === "function" ? updater(sorting) : updater;
    const first = next[0];
    if (first) setSort(first.id, first.desc ? "desc" : "asc");
  }

  const allColumns = useSelectionColumn(columns, selection);

  // TanStack Table is used purely as a headless column/row model here; state is URL-owned
  // (the row selection, when there is one, is the caller's).
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns: allColumns,
    pageCount,
    getRowId,
    state: {
      sorting,
      pagination: { pageIndex: page - 1, pageSize: perPage },
      rowSelection: selection?.selected ?? {},
    },
    enableRowSelection: Boolean(selection),
    onRowSelectionChange: (updater) => {
      if (!selection) return;
      selection.onChange(typeof updater === "function" ? updater(selection.selected) : updater);
    },
    onSortingChange: handleSortingChange,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
  });

  const rows = table.getRowModel().rows;
  const interactive = Boolean(onRowClick || getRowHref);
  const tabbableRow = Math.min(activeRow, Math.max(0, rows.length - 1));

  function activate(row: Row<TData>) {
    onRowClick?.(row.original);
    const href = getRowHref?.(row.original);
    if (href) router.push(href);
  }

  function focusRow(index: number) {
    const target = bodyRef.current?.querySelectorAll<HTMLTableRowElement>(":scope > tr[data-row]")[index];
    target?.focus();
  }

  function handleRowKeyDown(event: React.KeyboardEvent<HTMLTableRowElement>, row: Row<TData>, index: number) {
    if (event.target !== event.currentTarget) return; // keys inside cell controls
    const last = rows.length - 1;
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: last };
    const nextIndex = moves[event.key];
    if (nextIndex !== undefined) {
      event.preventDefault();
      focusRow(Math.max(0, Math.min(last, nextIndex)));
    } else if (interactive && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      activate(row);
    }
  }

  function handleRowClick(event: React.MouseEvent<HTMLTableRowElement>, row: Row<TData>) {
    if (!interactive) return;
    const target = event.target as HTMLElement;
    // React bubbles events from portals (a row's dropdown menu, a dialog) through the row; only
    // clicks on the row's own DOM activate it.
    if (!event.currentTarget.contains(target)) return;
    const hit = target.closest(INTERACTIVE);
    if (hit && hit !== event.currentTarget && event.currentTarget.contains(hit)) return;
    if (window.getSelection()?.toString()) return; // user is selecting text
    activate(row);
  }

  return (
    // min-w-0: inside a grid or flex parent the table scrolls in its own box on a phone, instead of
    // widening the page past the screen (and its cells over each other).
    <div data-slot="data-table" className={cn("flex min-w-0 flex-col gap-4", className)}>
      {toolbar}
      <div className="relative overflow-hidden rounded-lg border bg-card">
        <div
          aria-hidden="true"
          className={cn(
            "pointer-events-none absolute inset-x-0 top-0 z-10 h-0.5 bg-primary/70 opacity-0 transition-opacity",
            isPending && "animate-pulse opacity-100 delay-150",
          )}
        />
        <Table aria-busy={isPending || undefined}>
          {caption ? <TableCaption className="sr-only">{caption}</TableCaption> : null}
          <TableHeader className="bg-muted/40">
            {table.getHeaderGroups().map((headerGroup) => (
              <TableRow key={headerGroup.id} className="hover:bg-transparent">
                {headerGroup.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  return (
                    <TableHead
                      key={header.id}
                      colSpan={header.colSpan}
                      scope="col"
                      aria-sort={header.isPlaceholder ? undefined : getAriaSort(header.column)}
                      className={cn("px-3", meta?.className, meta?.headerClassName)}
                    >
                      {header.isPlaceholder
                        ? null
                        : flexRender(header.column.columnDef.header, header.getContext())}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody ref={bodyRef} className={cn("transition-opacity", isPending && "opacity-60 delay-150")}>
            {rows.length > 0 ? (
              rows.map((row, index) => (
                <TableRow
                  key={row.id}
                  data-row=""
                  data-state={row.getIsSelected() ? "selected" : undefined}
                  tabIndex={index === tabbableRow ? 0 : -1}
                  onFocus={(event) => {
                    if (event.target === event.currentTarget) setActiveRow(index);
                  }}
                  onKeyDown={(event) => handleRowKeyDown(event, row, index)}
                  onClick={(event) => handleRowClick(event, row)}
                  className={cn(
                    "outline-none focus-visible:bg-muted/50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring focus-visible:outline-solid",
                    interactive && "cursor-pointer",
                  )}
                >
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    return (
                      <TableCell key={cell.id} className={cn("px-3", meta?.className, meta?.cellClassName)}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))
            ) : (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={table.getVisibleLeafColumns().length} className="p-0 whitespace-normal">
                  {emptyState ?? (
                    <p className="py-16 text-center text-sm text-muted-foreground">No results.</p>
                  )}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      {hidePagination ? null : (
        <DataTablePagination
          pageCount={pageCount}
          totalCount={totalCount}
          pageSizeOptions={pageSizeOptions}
          itemLabel={itemLabel}
        />
      )}
    </div>
  );
}

/** The checkbox column a selectable table starts with; shift-click extends from the last click. */
function useSelectionColumn<TData, TValue>(
  columns: ColumnDef<TData, TValue>[],
  selection: DataTableProps<TData, TValue>["selection"],
): ColumnDef<TData, TValue>[] {
  const lastClicked = React.useRef<number | null>(null);
  const rowLabel = selection?.rowLabel;
  return React.useMemo(() => {
    if (!rowLabel) return columns;
    const select: ColumnDef<TData, TValue> = {
      id: "select",
      enableSorting: false,
      meta: { className: "w-10" },
      header: ({ table }) => (
        <Checkbox
          aria-label="Select every row on this page"
          checked={
            table.getIsAllPageRowsSelected()
              ? true
              : table.getIsSomePageRowsSelected()
                ? "indeterminate"
                : false
          }
          onCheckedChange={(value) => table.toggleAllPageRowsSelected(value === true)}
        />
      ),
      cell: ({ row, table }) => (
        <Checkbox
          aria-label={rowLabel(row.original)}
          checked={row.getIsSelected()}
          onClick={(event) => {
            const rows = table.getRowModel().rows;
            const from = lastClicked.current;
            lastClicked.current = row.index;
            if (!event.shiftKey || from === null || from === row.index) return;
            event.preventDefault();
            const value = !row.getIsSelected();
            const [start, end] = from < row.index ? [from, row.index] : [row.index, from];
            const next = { ...table.getState().rowSelection };
            for (const each of rows.slice(start, end + 1)) {
              if (value) next[each.id] = true;
              else delete next[each.id];
            }
            table.setRowSelection(next);
          }}
          onCheckedChange={(value) => row.toggleSelected(value === true)}
        />
      ),
    };
    return [select, ...columns];
  }, [columns, rowLabel]);
}

export { DataTable };
