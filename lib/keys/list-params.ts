import { z } from "zod";
import {
  choiceParam,
  listParam,
  optionalWholeNumberParam,
  PER_PAGE_OPTIONS,
  tableParamFields,
} from "@/lib/data-table/search-params";
import { POLICY_MAX_DAYS_CEILING } from "./policy";

// The key table's page, sort and filters live in the URL. Pages parse searchParams with this
// schema, as the REST API parses its list query; a hand-edited or stale URL falls back to defaults
// instead of failing the page.

export const KEY_FILTER_STATES = ["active", "disabled", "revoked", "expired", "expiring"] as const;
export type KeyFilterState = (typeof KEY_FILTER_STATES)[number];
export const KEY_SORTS = ["label", "createdAt", "expiresAt", "lastUsedAt"] as const;
export type KeySort = (typeof KEY_SORTS)[number];
export const KEY_PAGE_SIZES = PER_PAGE_OPTIONS;

export const keyListParamsSchema = z.object({
  q: tableParamFields.q,
  state: listParam(KEY_FILTER_STATES),
  /** Only active keys that expire within this many days. */
  expiresWithin: optionalWholeNumberParam(1, POLICY_MAX_DAYS_CEILING),
  /** Only keys with this external id (exact). */
  externalId: z
    .string()
    .trim()
    .max(128)
    .optional()
    .transform((value) => value || undefined)
    .catch(undefined),
  sort: choiceParam(KEY_SORTS, "createdAt"),
  dir: choiceParam(["asc", "desc"], "desc"),
  page: tableParamFields.page,
  perPage: tableParamFields.perPage,
});
