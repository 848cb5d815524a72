"use client";

import * as React from "react";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";

import { cn } from "@/lib/utils";
import { PER_PAGE_OPTIONS } from "@/lib/data-table/search-params";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTableUrlState } from "@/components/data-table/use-table-url-state";

type DataTablePaginationProps = React.ComponentProps<"div"> & {
  pageCount: number;
  totalCount: number;
  pageSizeOptions?: readonly number[];
  /** Noun for the count, e.g. `["key", "keys"]` → "1 key" / "12 keys" (default result/results). */
  itemLabel?: readonly [singular: string, plural: string];
};

const numberFormat = new Intl.NumberFormat("en-US");

// Page buttons use aria-disabled (not `disabled`) so keyboard focus is not lost when reaching an end.

/** Page size select, "n results", "Page x of y" and first/prev/next/last, bound to `?page=&perPage=`. */
function DataTablePagination({
  pageCount,
  totalCount,
  pageSizeOptions = PER_PAGE_OPTIONS,
  itemLabel = ["result", "results"],
  className,
  ...props
}: DataTablePaginationProps) {
  const { page, perPage, setPage, setPerPage } = useTableUrlState();
  const labelId = React.useId();
  const lastPage = Math.max(1, pageCount);
  const current = Math.min(page, lastPage);
  const canPrev = current > 1;
  const canNext = current < lastPage;

  return (
    <div
      data-slot="data-table-pagination"
      className={cn(
        "flex flex-col-reverse gap-3 px-1 sm:flex-row sm:items-center sm:justify-between",
        className,
      )}
      {...props}
    >
      <p className="text-sm text-muted-foreground tabular-nums" aria-live="polite" aria-atomic="true">
        {numberFormat.format(totalCount)} {totalCount === 1 ? itemLabel[0] : itemLabel[1]}
      </p>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
        <div className="flex items-center gap-2">
          <span id={labelId} className="text-sm font-medium whitespace-nowrap">
            Rows per page
          </span>
          <Select value={String(perPage)} onValueChange={(value) => setPerPage(Number(value))}>
            <SelectTrigger size="sm" className="w-[4.5rem]" aria-labelledby={labelId}>
              {/* Explicit text: rendered on the server and independent of the closed menu's items. */}
              <SelectValue>{perPage}</SelectValue>
            </SelectTrigger>
            <SelectContent side="top">
              {pageSizeOptions.map((size) => (
                <SelectItem key={size} value={String(size)}>
                  {size}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <p className="text-sm font-medium whitespace-nowrap tabular-nums">
          Page {numberFormat.format(current)} of {numberFormat.format(lastPage)}
        </p>
        <nav aria-label="Pagination" className="flex items-center gap-1.5">
          <Button
            variant="outline"
            size="icon-sm"
            className="hidden sm:inline-flex"
            aria-label="Go to first page"
            aria-disabled={!canPrev || undefined}
            onClick={() => {
              if (canPrev) setPage(1);
            }}
          >
            <ChevronsLeft aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Go to previous page"
            aria-disabled={!canPrev || undefined}
            onClick={() => {
              if (canPrev) setPage(current - 1);
            }}
          >
            <ChevronLeft aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Go to next page"
            aria-disabled={!canNext || undefined}
            onClick={() => {
              if (canNext) setPage(current + 1);
            }}
          >
            <ChevronRight aria-hidden="true" />
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            className="hidden sm:inline-flex"
            aria-label="Go to last page"
            aria-disabled={!canNext || undefined}
            onClick={() => {
              if (canNext) setPage(lastPage);
            }}
          >
            <ChevronsRight aria-hidden="true" />
          </Button>
        </nav>
      </div>
    </div>
  );
}

export { DataTablePagination };
