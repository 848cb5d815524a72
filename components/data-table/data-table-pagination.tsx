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
          <PageButton
            label="Go to first page"
            icon={ChevronsLeft}
            wide
            target={canPrev ? 1 : null}
            onPage={setPage}
          />
          <PageButton
            label="Go to previous page"
            icon={ChevronLeft}
            target={canPrev ? current - 1 : null}
            onPage={setPage}
          />
          <PageButton
            label="Go to next page"
            icon={ChevronRight}
            target={canNext ? current + 1 : null}
            onPage={setPage}
          />
          <PageButton
            label="Go to last page"
            icon={ChevronsRight}
            wide
            target={canNext ? lastPage : null}
            onPage={setPage}
          />
        </nav>
      </div>
    </div>
  );
}

/** One of first/prev/next/last; `target` null at that end (aria-disabled, the click does nothing); `wide`: from sm up only. */
function PageButton(props: {
  label: string;
  icon: React.ComponentType<{ "aria-hidden": "true" }>;
  target: number | null;
  onPage: (page: number) => void;
  wide?: boolean;
}) {
  const { target, onPage, icon: Icon } = props;
  return (
    <Button
      variant="outline"
      size="icon-sm"
      className={props.wide ? "hidden sm:inline-flex" : undefined}
      aria-label={props.label}
      aria-disabled={target === null || undefined}
      onClick={() => {
        if (target !== null) onPage(target);
      }}
    >
      <Icon aria-hidden="true" />
    </Button>
  );
}

export { DataTablePagination };
