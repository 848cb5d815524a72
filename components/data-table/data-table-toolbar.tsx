"use client";

import * as React from "react";
import { CirclePlus, Search, X } from "lucide-react";

import { cn } from "@/lib/utils";
import { MAX_QUERY_LENGTH } from "@/lib/data-table/search-params";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Separator } from "@/components/ui/separator";
import {
  DropdownMenuCheckboxItem,
  DropdownMenuItem,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  Menu,
} from "@/components/ui/dropdown-menu";
import { useTableUrlState } from "@/components/data-table/use-table-url-state";

/* ------------------------------------------------------------------------------------------------
 * Search
 * ----------------------------------------------------------------------------------------------*/

type DataTableSearchProps = Omit<React.ComponentProps<"input">, "value" | "defaultValue" | "onChange"> & {
  /** URL param (default "q"). */
  param?: string;
  /** Accessible label (default: the placeholder, else "Search"). */
  label?: string;
  debounceMs?: number;
};

/** Debounced search box bound to `?q=` (Escape clears). */
function DataTableSearch({
  param = "q",
  label,
  placeholder = "Search…",
  debounceMs = 300,
  className,
  ...props
}: DataTableSearchProps) {
  const { get, setParams } = useTableUrlState();
  const urlValue = get(param) ?? "";
  const [value, setValue] = React.useState(urlValue);
  const [syncedUrlValue, setSyncedUrlValue] = React.useState(urlValue);

  // URL changed from elsewhere (reset, back button): adopt it.
  if (urlValue !== syncedUrlValue) {
    setSyncedUrlValue(urlValue);
    // Keep what the user typed (e.g. a trailing space) when it already matches the URL.
    if (value.trim() !== urlValue) setValue(urlValue);
  }

  React.useEffect(() => {
    if (value.trim() === urlValue.trim()) return;
    const timer = setTimeout(() => setParams({ [param]: value.trim() }), debounceMs);
    return () => clearTimeout(timer);
  }, [value, urlValue, param, debounceMs, setParams]);

  return (
    <div className={cn("relative w-full sm:w-64", className)}>
      <Search
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden="true"
      />
      <Input
        type="search"
        aria-label={label ?? (typeof placeholder === "string" ? placeholder.replace(/…$/, "") : "Search")}
        placeholder={placeholder}
        maxLength={MAX_QUERY_LENGTH}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && value) {
            event.preventDefault();
            setValue("");
          }
        }}
        className="h-8 pr-8 pl-8 [&::-webkit-search-cancel-button]:hidden"
        {...props}
      />
      {value ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => setValue("")}
          className="absolute top-1/2 right-1.5 flex size-5 -translate-y-1/2 items-center justify-center rounded-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <X className="size-3.5" aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

/* ------------------------------------------------------------------------------------------------
 * Faceted filter
 * ----------------------------------------------------------------------------------------------*/

type FacetOption = {
  value: string;
  label: string;
  icon?: React.ComponentType<{ className?: string }>;
  /** Optional count shown on the right. */
  count?: number;
};

type DataTableFacetedFilterProps = {
  /** URL param, e.g. "state" → `?state=active,disabled`. */
  param: string;
  title: string;
  options: readonly FacetOption[];
  /** Allow several values (default true); false = pick one. */
  multiple?: boolean;
  className?: string;
};

/** Dropdown filter bound to a comma-separated URL param. */
function DataTableFacetedFilter({
  param,
  title,
  options,
  multiple = true,
  className,
}: DataTableFacetedFilterProps) {
  const { getList, setFilter } = useTableUrlState();
  const selected = getList(param).filter((value) => options.some((o) => o.value === value));
  const selectedSet = new Set(selected);
  const selectedLabels = options.filter((o) => selectedSet.has(o.value));

  function toggle(value: string, checked: boolean) {
    const next = checked ? [...selected, value] : selected.filter((v) => v !== value);
    // Keep URL order stable (option order) so equivalent filters share a URL.
    setFilter(
      param,
      options.filter((o) => next.includes(o.value)).map((o) => o.value),
    );
  }

  const summary = selectedLabels.map((o) => o.label).join(", ");

  return (
    <Menu
      trigger={
        <Button
          variant="outline"
          size="sm"
          className={cn("h-8 border-dashed", className)}
          aria-label={summary ? `${title}: ${summary}` : `Filter by ${title}`}
        >
          <CirclePlus aria-hidden="true" />
          {title}
          {selectedLabels.length > 0 ? (
            <>
              <Separator orientation="vertical" className="mx-0.5 !h-4" />
              <span className="flex gap-1">
                {selectedLabels.length > 2 ? (
                  <Badge variant="secondary" className="rounded-sm px-1 font-normal">
                    {selectedLabels.length} selected
                  </Badge>
                ) : (
                  selectedLabels.map((o) => (
                    <Badge key={o.value} variant="secondary" className="rounded-sm px-1 font-normal">
                      {o.label}
                    </Badge>
                  ))
                )}
              </span>
            </>
          ) : null}
        </Button>
      }
      label={title}
      labelClassName="text-xs font-normal text-muted-foreground"
      align="start"
      className="min-w-48"
    >
      <DropdownMenuSeparator />
      {multiple ? (
        options.map((option) => (
          <DropdownMenuCheckboxItem
            key={option.value}
            checked={selectedSet.has(option.value)}
            onCheckedChange={(checked) => toggle(option.value, checked === true)}
            // Keep the menu open while picking several values.
            onSelect={(event) => event.preventDefault()}
          >
            <FacetOptionContent option={option} />
          </DropdownMenuCheckboxItem>
        ))
      ) : (
        <DropdownMenuRadioGroup value={selected[0] ?? ""} onValueChange={(value) => setFilter(param, value)}>
          {options.map((option) => (
            <DropdownMenuRadioItem key={option.value} value={option.value}>
              <FacetOptionContent option={option} />
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      )}
      {selected.length > 0 ? (
        <>
          <DropdownMenuSeparator />
          <DropdownMenuItem className="justify-center" onSelect={() => setFilter(param, null)}>
            Clear filter
          </DropdownMenuItem>
        </>
      ) : null}
    </Menu>
  );
}

function FacetOptionContent({ option }: { option: FacetOption }) {
  const Icon = option.icon;
  return (
    <>
      {Icon ? <Icon className="size-4 text-muted-foreground" /> : null}
      <span className="flex-1">{option.label}</span>
      {option.count !== undefined ? (
        <span className="ml-4 font-mono text-xs text-muted-foreground tabular-nums">{option.count}</span>
      ) : null}
    </>
  );
}

/* ------------------------------------------------------------------------------------------------
 * Toolbar
 * ----------------------------------------------------------------------------------------------*/

type DataTableFilterConfig = Omit<DataTableFacetedFilterProps, "className">;

type DataTableToolbarProps = Omit<React.ComponentProps<"div">, "children"> & {
  /** Search box placeholder; pass `search={false}` to hide the search box. */
  searchPlaceholder?: string;
  search?: boolean;
  searchParam?: string;
  filters?: readonly DataTableFilterConfig[];
  /** Extra controls after the filters (custom filters, view options). */
  children?: React.ReactNode;
  /** Right-aligned actions (e.g. "Create key"). */
  actions?: React.ReactNode;
  /** Extra params cleared by "Reset" (search and `filters` params are always included). */
  resetParams?: readonly string[];
};

/** Search + faceted filters + Reset, all bound to the URL. Pass to `DataTable`'s `toolbar` prop. */
function DataTableToolbar({
  searchPlaceholder = "Search…",
  search = true,
  searchParam = "q",
  filters = [],
  children,
  actions,
  resetParams = [],
  className,
  ...props
}: DataTableToolbarProps) {
  const { searchParams, reset } = useTableUrlState();
  const keys = [...(search ? [searchParam] : []), ...filters.map((f) => f.param), ...resetParams];
  const isFiltered = keys.some((key) => searchParams.has(key));

  return (
    <div
      data-slot="data-table-toolbar"
      className={cn("flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between", className)}
      {...props}
    >
      <div role="search" className="flex flex-1 flex-wrap items-center gap-2">
        {search ? <DataTableSearch param={searchParam} placeholder={searchPlaceholder} /> : null}
        {filters.map((filter) => (
          <DataTableFacetedFilter key={filter.param} {...filter} />
        ))}
        {children}
        {isFiltered ? (
          <Button variant="ghost" size="sm" className="h-8 px-2 lg:px-3" onClick={() => reset(keys)}>
            Reset
            <X aria-hidden="true" />
          </Button>
        ) : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export { DataTableToolbar };
