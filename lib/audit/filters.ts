import { z } from "zod";
import {
  getListParam,
  getParam,
  parseQuery,
  parseTableParams,
  type SearchParamsInput,
} from "@/lib/data-table/search-params";
import { DAY_MS } from "@/lib/time";

// The audit log's filters live in the URL, so the page, its export and a shared link all read
// the same view. Parsing never throws: a hand-edited or stale value is dropped, not an error.

export const AUDIT_OUTCOMES = ["success", "denied", "failed"] as const;
type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
type ActorType = "user" | "key" | "operator";

/** Every URL param that narrows the log (the page's Reset clears these). */
export const AUDIT_FILTER_PARAMS = [
  "q",
  "action",
  "outcome",
  "actor",
  "targetType",
  "targetId",
  "from",
  "to",
] as const;

export type AuditFilter = {
  /** Matches actor label, target label, action (substring), target id (exact) or `#seq`. */
  q?: string;
  actions: string[];
  outcomes: AuditOutcome[];
  actor?: { type: ActorType; id: string | null };
  targetType?: string;
  targetId?: string;
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
};

export type AuditQuery = {
  filter: AuditFilter;
  dir: "asc" | "desc";
  page: number;
  perPage: number;
  skip: number;
  take: number;
};

const token = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/);
const id = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,100}$/);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && utcDay(value) === value);

function utcDay(value: string): string {
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10);
}

function optional<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** `user:<id>`, `key:<id>` or `operator` (operators have no id). */
export function parseActorParam(value: string | undefined): AuditFilter["actor"] {
  if (!value) return undefined;
  const [type, rest] = value.split(/:(.*)/s, 2);
  if (type === "operator") return { type: "operator", id: null };
  if (type !== "user" && type !== "key") return undefined;
  const actorId = optional(id, rest);
  return actorId ? { type, id: actorId } : undefined;
}

export function actorParam(actor: { type: string; id: string | null }): string {
  return actor.type === "operator" || !actor.id ? actor.type : `${actor.type}:${actor.id}`;
}

export function parseAuditFilter(searchParams: SearchParamsInput): AuditFilter {
  const from = optional(day, getParam(searchParams, "from"));
  const to = optional(day, getParam(searchParams, "to"));
  return {
    q: parseQuery(getParam(searchParams, "q")),
    actions: getListParam(searchParams, "action")
      .filter((value) => token.safeParse(value).success)
      .slice(0, 50),
    outcomes: getListParam(searchParams, "outcome").filter((value): value is AuditOutcome =>
      (AUDIT_OUTCOMES as readonly string[]).includes(value),
    ),
    actor: parseActorParam(getParam(searchParams, "actor")),
    targetType: optional(token, getParam(searchParams, "targetType")),
    targetId: optional(id, getParam(searchParams, "targetId")),
    // A reversed range is read the way it was meant.
    ...(from && to && from > to ? { from: to, to: from } : { from, to }),
  };
}

/** Filter, sort direction and page of the audit table from a page's `searchParams`. */
export function parseAuditQuery(searchParams: SearchParamsInput): AuditQuery {
  const table = parseTableParams(searchParams, {
    sortable: ["seq"],
    defaultSort: { field: "seq", dir: "desc" },
  });
  return {
    filter: parseAuditFilter(searchParams),
    dir: table.dir,
    page: table.page,
    perPage: table.perPage,
    skip: table.skip,
    take: table.take,
  };
}

export function isFiltered(filter: AuditFilter): boolean {
  return Boolean(
    filter.q ||
    filter.actions.length > 0 ||
    filter.outcomes.length > 0 ||
    filter.actor ||
    filter.targetType ||
    filter.targetId ||
    filter.from ||
    filter.to,
  );
}

/** The `[from, to)` instants of an inclusive UTC day range. */
export function dayRange(from: string | undefined, to: string | undefined): { gte?: Date; lt?: Date } {
  const range: { gte?: Date; lt?: Date } = {};
  if (from) range.gte = new Date(`${from}T00:00:00.000Z`);
  if (to) range.lt = new Date(new Date(`${to}T00:00:00.000Z`).getTime() + DAY_MS);
  return range;
}

/** A plain description of the filter, recorded with an export and named in its file. */
export function describeFilter(filter: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.q) out.q = filter.q;
  if (filter.actions.length > 0) out.action = filter.actions.join(",");
  if (filter.outcomes.length > 0) out.outcome = filter.outcomes.join(",");
  if (filter.actor) out.actor = actorParam(filter.actor);
  if (filter.targetType) out.targetType = filter.targetType;
  if (filter.targetId) out.targetId = filter.targetId;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  return out;
}
