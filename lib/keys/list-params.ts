import { z } from "zod";

// The key table's page, sort and filters live in the URL. Pages parse searchParams with this
// schema; a hand-edited or stale URL falls back to defaults instead of failing the page.

export const KEY_FILTER_STATES = ["active", "disabled", "revoked", "expired", "expiring"] as const;
export type KeyFilterState = (typeof KEY_FILTER_STATES)[number];
export const KEY_SORTS = ["label", "createdAt", "expiresAt", "lastUsedAt"] as const;
export type KeySort = (typeof KEY_SORTS)[number];
export const KEY_PAGE_SIZES = [10, 25, 50, 100] as const;
export const MAX_QUERY_LENGTH = 100;

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

const statesSchema = z.preprocess(
  (value) => (Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : []),
  z
    .array(z.string())
    .transform((list) => [
      ...new Set(
        list.filter((s): s is KeyFilterState => (KEY_FILTER_STATES as readonly string[]).includes(s)),
      ),
    ]),
);

export const keyListParamsSchema = z.object({
  q: z.preprocess(single, z.string().trim().max(MAX_QUERY_LENGTH).catch("")).default(""),
  state: statesSchema.catch([]).default([]),
  sort: z.preprocess(single, z.enum(KEY_SORTS).catch("createdAt")).default("createdAt"),
  dir: z.preprocess(single, z.enum(["asc", "desc"]).catch("desc")).default("desc"),
  page: z.preprocess(single, z.coerce.number().int().min(1).max(100_000).catch(1)).default(1),
  perPage: z
    .preprocess(single, z.coerce.number().int().catch(25))
    .transform((n) => ((KEY_PAGE_SIZES as readonly number[]).includes(n) ? n : 25))
    .default(25),
});
export type KeyListParams = z.output<typeof keyListParamsSchema>;
