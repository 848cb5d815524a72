// A search of the audit log (`q` on the audit page): the labels and actions that contain the term are
// looked up among the organization's distinct ones (AuditTerm, kept by triggers on AuditEntry), then
// their entries through the (organizationId, label, seq) indexes (lib/audit/queries.ts uses these).
import { dbProvider, getDb, sql, sqlJoin, sqlRaw, type Prisma } from "@/lib/db";
import { getPageCount } from "@/lib/data-table/search-params";
import { AUDIT_ENTRY_SELECT, type AuditEntryView } from "./entry";
import type { AuditQuery } from "./filters";

export type AuditPage = { rows: AuditEntryView[]; totalCount: number; pageCount: number };

/** Past this many matching labels and actions, a search reads every entry's text instead. */
const MAX_SEARCH_TERMS = 2_000;

/**
 * What a search term matches among the organization's distinct labels, actions and target types
 * (target types so that the exact target id is looked up through the target index), or "scan"
 * when it matches too many to list.
 */
export type SearchTerms =
  "scan" | { actorLabels: string[]; targetLabels: string[]; actions: string[]; targetTypes: string[] };

function containsFilter(q: string): Prisma.StringFilter {
  // SQLite's LIKE already ignores ASCII case; PostgreSQL needs mode "insensitive", which the
  // SQLite-typed client does not declare, so it is added without a literal type check.
  return Object.assign({ contains: q }, dbProvider() === "postgresql" ? { mode: "insensitive" } : {});
}

export async function searchTerms(organizationId: string, q: string): Promise<SearchTerms> {
  const terms = await getDb().auditTerm.findMany({
    where: {
      organizationId,
      OR: [
        { kind: { in: ["actorLabel", "targetLabel", "action"] }, value: containsFilter(q) },
        { kind: "targetType" },
      ],
    },
    select: { kind: true, value: true },
    take: MAX_SEARCH_TERMS + 1,
  });
  if (terms.length > MAX_SEARCH_TERMS) return "scan";
  const of = (kind: string) => terms.filter((t) => t.kind === kind).map((t) => t.value);
  return {
    actorLabels: of("actorLabel"),
    targetLabels: of("targetLabel"),
    actions: of("action"),
    targetTypes: of("targetType"),
  };
}

/** The seq a search names (`42` or `#42`), if any. */
function searchedSeq(q: string): number | null {
  const seq = /^#?(\d{1,9})$/.exec(q)?.[1];
  return seq ? Number(seq) : null;
}

export function textWhere(q: string, terms: SearchTerms): Prisma.AuditEntryWhereInput {
  const seq = searchedSeq(q);
  const bySeq: Prisma.AuditEntryWhereInput[] = seq === null ? [] : [{ seq }];
  if (terms === "scan") {
    const contains = containsFilter(q);
    return {
      OR: [
        { actorLabel: contains },
        { targetLabel: contains },
        { action: contains },
        { targetId: q },
        ...bySeq,
      ],
    };
  }
  const or: Prisma.AuditEntryWhereInput[] = [
    ...(terms.actorLabels.length > 0 ? [{ actorLabel: { in: terms.actorLabels } }] : []),
    ...(terms.targetLabels.length > 0 ? [{ targetLabel: { in: terms.targetLabels } }] : []),
    ...(terms.actions.length > 0 ? [{ action: { in: terms.actions } }] : []),
    // Every target type the log has, so the (organizationId, targetType, targetId, seq) index serves.
    ...(terms.targetTypes.length > 0 ? [{ targetType: { in: terms.targetTypes }, targetId: q }] : []),
    ...bySeq,
  ];
  // Nothing can match: a seq that is never there.
  return or.length > 0 ? { OR: or } : { seq: -1 };
}

/**
 * A page of a search alone: the distinct seqs of a UNION ALL whose parts each read their own index
 * alone. (An ORM query with OR and ORDER BY seq lets SQLite walk every entry in seq order instead,
 * and so does a plain UNION, which SQLite merges in seq order.)
 */
export async function searchPage(
  organizationId: string,
  terms: Exclude<SearchTerms, "scan">,
  query: AuditQuery,
): Promise<AuditPage> {
  const q = query.filter.q ?? "";
  const seq = searchedSeq(q);
  const from = sql`SELECT "seq" FROM "AuditEntry" WHERE "organizationId" = ${organizationId}`;
  const parts = [
    ...(terms.actorLabels.length > 0
      ? [sql`${from} AND "actorLabel" IN (${sqlJoin(terms.actorLabels)})`]
      : []),
    ...(terms.targetLabels.length > 0
      ? [sql`${from} AND "targetLabel" IN (${sqlJoin(terms.targetLabels)})`]
      : []),
    ...(terms.actions.length > 0 ? [sql`${from} AND "action" IN (${sqlJoin(terms.actions)})`] : []),
    ...(terms.targetTypes.length > 0
      ? [sql`${from} AND "targetType" IN (${sqlJoin(terms.targetTypes)}) AND "targetId" = ${q}`]
      : []),
    ...(seq === null ? [] : [sql`${from} AND "seq" = ${seq}`]),
  ];
  if (parts.length === 0) return { rows: [], totalCount: 0, pageCount: getPageCount(0, query.perPage) };
  // MATERIALIZED: SQLite would otherwise fold a lone part into the outer query and walk every
  // entry in seq order again. The page carries the count, so the union is read once.
  const matching = sql`WITH "m" AS MATERIALIZED (${sqlJoin(parts, " UNION ALL ")}),
    "d" AS MATERIALIZED (SELECT DISTINCT "seq" FROM "m")`;
  const db = getDb();
  const seqs = await db.$queryRaw<{ seq: number | bigint; n: number | bigint }[]>`${matching}
    SELECT "seq", (SELECT COUNT(*) FROM "d") AS "n" FROM "d"
    ORDER BY "seq" ${sqlRaw(query.dir === "asc" ? "ASC" : "DESC")} LIMIT ${query.take} OFFSET ${query.skip}`;
  // Past the last page there is no row to carry the count.
  const counted =
    seqs[0]?.n ??
    (await db.$queryRaw<{ n: number | bigint }[]>`${matching} SELECT COUNT(*) AS "n" FROM "d"`)[0]?.n;
  const totalCount = Number(counted ?? 0);
  const rows = await db.auditEntry.findMany({
    where: { organizationId, seq: { in: seqs.map((row) => Number(row.seq)) } },
    orderBy: { seq: query.dir },
    select: AUDIT_ENTRY_SELECT,
  });
  return { rows, totalCount, pageCount: getPageCount(totalCount, query.perPage) };
}
