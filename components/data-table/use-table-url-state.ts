"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

import {
  DEFAULT_PER_PAGE,
  getListParam,
  parseDirection,
  parsePage,
  parsePerPage,
  parseQuery,
  type PerPage,
  type SortDirection,
} from "@/lib/data-table/search-params";

/** `null`/`undefined`/`""`/`[]` remove the param; arrays are joined with commas. */
type ParamValue = string | number | readonly string[] | null | undefined;
type TableUrlUpdates = Record<string, ParamValue>;

type SetParamsOptions = {
  /** Drop `page` (back to page 1). Default: true unless the update only touches `page`. */
  resetPage?: boolean;
};

type UrlStateCore = {
  /** Current params, including optimistic updates that are still navigating. */
  searchParams: URLSearchParams;
  isPending: boolean;
  setParams: (updates: TableUrlUpdates, options?: SetParamsOptions) => void;
};

type TableUrlState = UrlStateCore & {
  page: number;
  perPage: PerPage;
  /** Raw `sort` param (the server validates it); undefined when absent. */
  sort: string | undefined;
  dir: SortDirection | undefined;
  /** Trimmed `q`, "" when absent. */
  q: string;
  get: (key: string) => string | undefined;
  getList: (key: string) => string[];
  setPage: (page: number) => void;
  setPerPage: (perPage: number) => void;
  setSort: (field: string, dir: SortDirection) => void;
  setQuery: (q: string) => void;
  setFilter: (key: string, values: readonly string[] | string | null) => void;
  /** Remove the given params (e.g. search + filters) and go back to page 1. */
  reset: (keys: readonly string[]) => void;
};

function applyUpdates(
  current: URLSearchParams,
  updates: TableUrlUpdates,
  resetPage: boolean,
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(updates)) {
    if (
      value === null ||
      value === undefined ||
      value === "" ||
      (Array.isArray(value) && value.length === 0)
    ) {
      next.delete(key);
    } else if (Array.isArray(value)) {
      next.set(key, value.join(","));
    } else {
      next.set(key, String(value));
    }
  }
  if (resetPage || next.get("page") === "1") next.delete("page");
  if (next.get("perPage") === String(DEFAULT_PER_PAGE)) next.delete("perPage");
  return next;
}

function useUrlStateCore(): UrlStateCore {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = React.useTransition();
  // Reflect the requested URL immediately; reverts to the real URL once the navigation commits.
  const [query, setOptimisticQuery] = React.useOptimistic(searchParams.toString());

  const params = React.useMemo(() => new URLSearchParams(query), [query]);

  const setParams = React.useCallback(
    (updates: TableUrlUpdates, options?: SetParamsOptions) => {
      const onlyPage = Object.keys(updates).every((key) => key === "page");
      const next = applyUpdates(params, updates, options?.resetPage ?? !onlyPage);
      const nextQuery = next.toString();
      if (nextQuery === params.toString()) return;
      startTransition(() => {
        setOptimisticQuery(nextQuery);
        router.replace(nextQuery ? `${pathname}?${nextQuery}` : pathname, { scroll: false });
      });
    },
    [params, pathname, router, setOptimisticQuery],
  );

  return { searchParams: params, isPending, setParams };
}

const TableUrlStateContext = React.createContext<UrlStateCore | null>(null);

/**
 * Shares one URL state (and one pending flag) between a table and controls rendered outside it.
 * `DataTable` already provides this; wrap manually only for custom layouts.
 */
function TableUrlStateProvider({ children }: { children: React.ReactNode }) {
  const core = useUrlStateCore();
  return React.createElement(TableUrlStateContext.Provider, { value: core }, children);
}

/**
 * Read/write table state in the URL (`page`, `perPage`, `sort`, `dir`, `q`, filters) with
 * `router.replace` inside a transition. Any change other than `page` resets to page 1.
 */
function useTableUrlState(): TableUrlState {
  const shared = React.useContext(TableUrlStateContext);
  const local = useUrlStateCore();
  const { searchParams, isPending, setParams } = shared ?? local;

  return React.useMemo<TableUrlState>(
    () => ({
      searchParams,
      isPending,
      setParams,
      page: parsePage(searchParams.get("page")),
      perPage: parsePerPage(searchParams.get("perPage")),
      sort: searchParams.get("sort") ?? undefined,
      dir: parseDirection(searchParams.get("dir")),
      q: parseQuery(searchParams.get("q")) ?? "",
      get: (key) => searchParams.get(key) ?? undefined,
      getList: (key) => getListParam(searchParams, key),
      setPage: (page) => setParams({ page: Math.max(1, Math.trunc(page)) }),
      setPerPage: (perPage) => setParams({ perPage }),
      setSort: (field, dir) => setParams({ sort: field, dir }),
      setQuery: (q) => setParams({ q: q.trim() }),
      setFilter: (key, values) => setParams({ [key]: values }),
      reset: (keys) => setParams(Object.fromEntries(keys.map((key) => [key, null]))),
    }),
    [searchParams, isPending, setParams],
  );
}

export { TableUrlStateProvider, useTableUrlState };
