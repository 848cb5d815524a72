import { z } from "zod";

/**
 * Server-side parsing of table URL state (`?page=&perPage=&sort=&dir=&q=&<filter>=a,b`).
 * Never throws: bad values fall back to defaults. Shared by server pages and the client hook.
 */

export const PER_PAGE_OPTIONS = [10, 25, 50, 100] as const;
export type PerPage = (typeof PER_PAGE_OPTIONS)[number];
export const DEFAULT_PER_PAGE: PerPage = 25;
/** Upper bound for `page`, keeps `skip` far inside 32-bit integer range. */
export const MAX_PAGE = 100_000;
export const MAX_QUERY_LENGTH = 200;

const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** What a Next.js page receives as (awaited) `searchParams`, or a URLSearchParams. */
export type SearchParamsInput =
  | Record<string, string | string[] | undefined>
  | URLSearchParams
  | { get(name: string): string | null; getAll(name: string): string[] };

/** Allowed values of a list filter; `{ values, multiple: false }` for single-value filters. */
export type FilterSpec = readonly string[] | { readonly values: readonly string[]; readonly multiple: false };

type ParsedFilter<F> = F extends readonly (infer V)[]
  ? V[]
  : F extends { readonly values: readonly (infer V)[] }
    ? V | undefined
    : never;

export type TableParamsOptions<S extends string, F extends Record<string, FilterSpec>> = {
  /** Column ids the server can sort by; anything else falls back to `defaultSort`. */
  sortable: readonly S[];
  defaultSort: { field: NoInfer<S>; dir: SortDirection };
  /** Filter params and their allowed values, e.g. `{ state: ["active", "disabled"] }`. */
  filters?: F;
};

export type TableParams<S extends string, F extends Record<string, FilterSpec>> = {
  page: number;
  perPage: PerPage;
  sort: S;
  dir: SortDirection;
  /** Trimmed search text (≤ 200 chars), or undefined when empty. */
  q: string | undefined;
  filters: { [K in keyof F]: ParsedFilter<F[K]> };
  /** `(page - 1) * perPage`, ready for `skip`/`OFFSET`. */
  skip: number;
  /** Same as `perPage`, for `take`/`LIMIT`. */
  take: number;
};

const pageSchema = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);
const perPageSchema = z.coerce.number().pipe(z.literal(PER_PAGE_OPTIONS)).catch(DEFAULT_PER_PAGE);
const dirSchema = z.enum(SORT_DIRECTIONS);
const querySchema = z
  .string()
  .transform((value) => value.trim().slice(0, MAX_QUERY_LENGTH).trim())
  .catch("");

/** The first of a repeated param, as a parsed query string (`qs`, Next's searchParams) gives it. */
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/**
 * The same rules as zod fields, for a list's own object schema over a parsed query (the key list,
 * which the REST API documents): page, perPage and q parse exactly as parseTableParams does.
 */
export const tableParamFields = {
  q: z.preprocess(first, querySchema).default(""),
  page: z.preprocess(first, pageSchema).default(1),
  perPage: z.preprocess(first, perPageSchema).default(DEFAULT_PER_PAGE),
};

/** A single-value param from `values`, else `fallback`. */
export function choiceParam<const V extends string>(values: readonly [V, ...V[]], fallback: NoInfer<V>) {
  return z.preprocess(first, z.enum(values).catch(fallback)).default(fallback);
}

/** An optional whole number in [min, max]; anything else (absent, text, out of range) is undefined. */
export function optionalWholeNumberParam(min: number, max: number) {
  return z.preprocess(first, z.coerce.number().int().min(min).max(max).optional().catch(undefined));
}

/** A list param (`?k=a,b` or `?k=a&k=b`): the allowed values, de-duplicated, in the order given. */
export function listParam<const V extends string>(allowed: readonly V[]) {
  const isAllowed = (value: string): value is V => (allowed as readonly string[]).includes(value);
  return z
    .preprocess(
      (value) => (Array.isArray(value) ? value : typeof value === "string" ? [value] : []),
      z.array(z.string()).transform((list) => [
        ...new Set(
          list
            .flatMap((v) => v.split(","))
            .map((v) => v.trim())
            .filter(isAllowed),
        ),
      ]),
    )
    .catch([])
    .default([]);
}

function isStringArray(spec: FilterSpec): spec is readonly string[] {
  return Array.isArray(spec);
}

function isSearchParamsLike(
  input: SearchParamsInput,
): input is { get(name: string): string | null; getAll(name: string): string[] } {
  return (
    typeof (input as URLSearchParams).get === "function" &&
    typeof (input as URLSearchParams).getAll === "function"
  );
}

/** First value of a param (repeated params: the first wins). */
export function getParam(input: SearchParamsInput, key: string): string | undefined {
  if (isSearchParamsLike(input)) return input.get(key) ?? undefined;
  const value = (input as Record<string, string | string[] | undefined>)[key];
  return Array.isArray(value) ? value[0] : value;
}

/** All values of a list param, accepting both `?k=a,b` and `?k=a&k=b`; trimmed, de-duplicated. */
export function getListParam(input: SearchParamsInput, key: string): string[] {
  let raw: string[];
  if (isSearchParamsLike(input)) raw = input.getAll(key);
  else {
    const value = (input as Record<string, string | string[] | undefined>)[key];
    raw = value === undefined ? [] : Array.isArray(value) ? value : [value];
  }
  const values = raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set(values)];
}

export function parsePage(value: string | null | undefined): number {
  return pageSchema.parse(value ?? undefined);
}

export function parsePerPage(value: string | null | undefined): PerPage {
  return perPageSchema.parse(value ?? undefined);
}

export function parseDirection(value: string | null | undefined): SortDirection | undefined {
  const result = dirSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

export function parseQuery(value: string | null | undefined): string | undefined {
  return querySchema.parse(value ?? "") || undefined;
}

/** Number of pages for a result count (at least 1). */
export function getPageCount(totalCount: number, perPage: number): number {
  return Math.max(1, Math.ceil(Math.max(0, totalCount) / perPage));
}

/**
 * Parse and validate table params from a page's `searchParams`.
 *
 * ```ts
 * const params = parseTableParams(await searchParams, {
 *   sortable: ["name", "createdAt", "lastUsedAt"],
 *   defaultSort: { field: "createdAt", dir: "desc" },
 *   filters: { state: ["active", "disabled", "expired"] },
 * });
 * // params.filters.state: ("active" | "disabled" | "expired")[]
 * ```
 */
export function parseTableParams<
  const S extends string,
  const F extends Record<string, FilterSpec> = Record<never, never>,
>(searchParams: SearchParamsInput, options: TableParamsOptions<S, F>): TableParams<S, F> {
  const { sortable, defaultSort } = options;

  const page = parsePage(getParam(searchParams, "page"));
  const perPage = parsePerPage(getParam(searchParams, "perPage"));

  const sortSchema = z.custom<S>((v) => typeof v === "string" && (sortable as readonly string[]).includes(v));
  const sortResult = sortSchema.safeParse(getParam(searchParams, "sort"));
  const sort = sortResult.success ? sortResult.data : defaultSort.field;
  const dir =
    parseDirection(getParam(searchParams, "dir")) ?? (sort === defaultSort.field ? defaultSort.dir : "asc");

  const q = parseQuery(getParam(searchParams, "q"));

  const filters: Record<string, string[] | string | undefined> = {};
  for (const [key, spec] of Object.entries(options.filters ?? {}) as [string, FilterSpec][]) {
    const single = !isStringArray(spec);
    const allowed = isStringArray(spec) ? spec : spec.values;
    const values = getListParam(searchParams, key).filter((v) => allowed.includes(v));
    filters[key] = single ? values[0] : values;
  }

  return {
    page,
    perPage,
    sort,
    dir,
    q,
    filters: filters as TableParams<S, F>["filters"],
    skip: (page - 1) * perPage,
    take: perPage,
  };
}
