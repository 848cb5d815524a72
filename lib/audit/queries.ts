// Reads of the audit log: the audit page, its export, a target's history (the key details panel)
// and the chain head. Every query names the organization. No "server-only": the bench times
// these very functions from a tsx script.
import { databaseUrl } from "@/lib/env";
import { dbProvider, getDb, type Prisma } from "@/lib/db";
import { getPageCount } from "@/lib/data-table/search-params";
import { dayRange, isFiltered, type AuditFilter, type AuditQuery } from "./filters";
import type { ChainHead } from "./chain-check";

/** One entry with every stored field. */
export type AuditEntryView = {
  id: string;
  seq: number;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  ip: string | null;
  userAgent: string | null;
  action: string;
  outcome: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  changes: Prisma.JsonValue;
  metadata: Prisma.JsonValue;
  prevHash: string;
  hash: string;
};

const ENTRY_SELECT = {
  id: true,
  seq: true,
  createdAt: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  ip: true,
  userAgent: true,
  action: true,
  outcome: true,
  targetType: true,
  targetId: true,
  targetLabel: true,
  changes: true,
  metadata: true,
  prevHash: true,
  hash: true,
} as const satisfies Prisma.AuditEntrySelect;

export type AuditPage = { rows: AuditEntryView[]; totalCount: number; pageCount: number };

/**
 * One page of the log, newest first by default. Without filters the page is a range of `seq`
 * read through the (organizationId, seq) index, so page 4,000 costs what page 1 does; filtered
 * pages use the filter's index with an offset.
 */
export async function listAuditPage(organizationId: string, query: AuditQuery): Promise<AuditPage> {
  const db = getDb();
  const where = auditWhere(organizationId, query.filter);
  if (isFiltered(query.filter)) {
    const [rows, totalCount] = await Promise.all([
      db.auditEntry.findMany({
        where,
        orderBy: { seq: query.dir },
        skip: query.skip,
        take: query.take,
        select: ENTRY_SELECT,
      }),
      db.auditEntry.count({ where }),
    ]);
    return { rows, totalCount, pageCount: getPageCount(totalCount, query.perPage) };
  }
  const [head, totalCount] = await Promise.all([
    getChainHead(organizationId),
    db.auditEntry.count({ where }),
  ]);
  // Entries are numbered 1..head without gaps (a gap is tampering, which verification reports),
  // so the page starts at a known seq; `take` still fills the page if a row is missing.
  const seq = query.dir === "desc" ? { lte: (head?.seq ?? 0) - query.skip } : { gt: query.skip };
  const rows = await db.auditEntry.findMany({
    where: { organizationId, seq },
    orderBy: { seq: query.dir },
    take: query.take,
    select: ENTRY_SELECT,
  });
  return { rows, totalCount, pageCount: getPageCount(totalCount, query.perPage) };
}

export function auditWhere(organizationId: string, filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (filter.actions.length > 0) and.push({ action: { in: filter.actions } });
  if (filter.outcomes.length > 0) and.push({ outcome: { in: filter.outcomes } });
  if (filter.actor) {
    and.push({ actorType: filter.actor.type, ...(filter.actor.id ? { actorId: filter.actor.id } : {}) });
  }
  if (filter.targetType) and.push({ targetType: filter.targetType });
  if (filter.targetId) and.push({ targetId: filter.targetId });
  if (filter.from || filter.to) and.push({ createdAt: dayRange(filter.from, filter.to) });
  if (filter.q) and.push(textWhere(filter.q));
  return and.length > 0 ? { organizationId, AND: and } : { organizationId };
}

function textWhere(q: string): Prisma.AuditEntryWhereInput {
  // SQLite's LIKE already ignores ASCII case; PostgreSQL needs mode "insensitive", which the
  // SQLite-typed client does not declare, so it is added without a literal type check.
  const contains: Prisma.StringFilter = Object.assign(
    { contains: q },
    dbProvider() === "postgresql" ? { mode: "insensitive" } : {},
  );
  const or: Prisma.AuditEntryWhereInput[] = [
    { actorLabel: contains },
    { targetLabel: contains },
    { action: contains },
    { targetId: q },
  ];
  const seq = /^#?(\d{1,9})$/.exec(q)?.[1];
  if (seq) or.push({ seq: Number(seq) });
  return { OR: or };
}

/** One entry of the organization, or null (also for another organization's entry id). */
export async function getAuditEntry(organizationId: string, entryId: string): Promise<AuditEntryView | null> {
  return getDb().auditEntry.findFirst({ where: { id: entryId, organizationId }, select: ENTRY_SELECT });
}

/** A target's history, newest first (the key details panel shows a key's). */
export async function listAuditForTarget(
  organizationId: string,
  targetType: string,
  targetId: string,
  limit = 20,
): Promise<AuditEntryView[]> {
  return getDb().auditEntry.findMany({
    where: { organizationId, targetType, targetId },
    orderBy: { seq: "desc" },
    take: Math.max(1, Math.min(limit, 500)),
    select: ENTRY_SELECT,
  });
}

/** The newest entry's seq, hash and time: what to keep elsewhere to detect a rewritten log. */
export async function getChainHead(organizationId: string): Promise<ChainHead | null> {
  return getDb().auditEntry.findFirst({
    where: { organizationId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true, createdAt: true },
  });
}

export type ActorOption = { value: string; type: string; id: string | null; label: string; count: number };
export type FacetCount = { value: string; count: number };
export type AuditFacets = { actions: FacetCount[]; targetTypes: FacetCount[]; actors: ActorOption[] };

type ActorTally = { type: string; id: string | null; count: number; newestSeq: number; label: string };
type FacetTally = {
  /** Entries up to this seq are counted. */
  seq: number;
  actions: Map<string, number>;
  targetTypes: Map<string, number>;
  actors: Map<string, ActorTally>;
};

// The log only grows, so the facets are counted once per process and then only over the entries
// added since (a range of the (organizationId, seq) index): grouping 100,000 entries by actor
// takes ~400 ms on SQLite, the update a millisecond. Kept on globalThis, like the db client,
// because Next bundles lib/ into several chunks.
const facetHolder = globalThis as typeof globalThis & { __keyplaneAuditFacets?: Map<string, FacetTally> };
const MAX_CACHED_ORGANIZATIONS = 200;

/** The distinct actions, target types and actors of the organization's log, for the filters. */
export async function getAuditFacets(organizationId: string): Promise<AuditFacets> {
  const cache = (facetHolder.__keyplaneAuditFacets ??= new Map());
  const cacheKey = `${databaseUrl()}\u0000${organizationId}`;
  const head = await getChainHead(organizationId);
  const cached = cache.get(cacheKey);
  // Fewer entries than counted means rows were removed (or a new database): count again.
  const fresh = !cached || !head || head.seq < cached.seq;
  if (!head || (!fresh && head.seq === cached.seq)) {
    return presentFacets(cached && !fresh ? cached : emptyTally());
  }
  // Counted into a copy: a cached tally is never changed, so two requests counting the same new
  // entries at once cannot both add them; the first to finish is kept.
  const tally = fresh ? emptyTally() : copyTally(cached);
  await countSince(organizationId, tally, head.seq);
  if (cache.get(cacheKey) === cached) {
    if (cache.size >= MAX_CACHED_ORGANIZATIONS) cache.clear();
    cache.set(cacheKey, tally);
  }
  return presentFacets(tally);
}

function emptyTally(): FacetTally {
  return { seq: 0, actions: new Map(), targetTypes: new Map(), actors: new Map() };
}

function copyTally(tally: FacetTally): FacetTally {
  return {
    seq: tally.seq,
    actions: new Map(tally.actions),
    targetTypes: new Map(tally.targetTypes),
    actors: new Map(tally.actors),
  };
}

async function countSince(organizationId: string, tally: FacetTally, upTo: number): Promise<void> {
  if (tally.seq === 0) {
    // The first count groups the whole log through the covering indexes (a seq range would
    // make SQLite read every row). An entry appended between the three queries would make their
    // totals differ; then the log is counted again up to a fixed seq.
    const whole = await groupEntries({ organizationId });
    if (whole.consistent) return addCounts(organizationId, tally, whole, whole.maxSeq);
  }
  const since = await groupEntries({ organizationId, seq: { gt: tally.seq, lte: upTo } });
  return addCounts(organizationId, tally, since, upTo);
}

type Grouped = Awaited<ReturnType<typeof groupEntries>>;

async function groupEntries(where: Prisma.AuditEntryWhereInput) {
  const db = getDb();
  const actions = await db.auditEntry.groupBy({ by: ["action"], where, _count: { _all: true } });
  const targetTypes = await db.auditEntry.groupBy({ by: ["targetType"], where, _count: { _all: true } });
  const actors = await db.auditEntry.groupBy({
    by: ["actorType", "actorId"],
    where,
    _count: { _all: true },
    _max: { seq: true },
  });
  const total = (groups: { _count: { _all: number } }[]) => groups.reduce((n, g) => n + g._count._all, 0);
  const counted = total(actors);
  return {
    actions,
    targetTypes,
    actors,
    consistent: total(actions) === counted && total(targetTypes) === counted,
    maxSeq: actors.reduce((max, a) => Math.max(max, a._max.seq ?? 0), 0),
  };
}

async function addCounts(organizationId: string, tally: FacetTally, grouped: Grouped, upTo: number) {
  for (const a of grouped.actions)
    tally.actions.set(a.action, (tally.actions.get(a.action) ?? 0) + a._count._all);
  for (const t of grouped.targetTypes) {
    tally.targetTypes.set(t.targetType, (tally.targetTypes.get(t.targetType) ?? 0) + t._count._all);
  }
  // Each actor is named by the label of its newest entry (an email can change over time).
  const newest = grouped.actors.flatMap((a) => (a._max.seq === null ? [] : [a._max.seq]));
  const labels = new Map<number, string>();
  for (let i = 0; i < newest.length; i += 500) {
    const rows = await getDb().auditEntry.findMany({
      where: { organizationId, seq: { in: newest.slice(i, i + 500) } },
      select: { seq: true, actorLabel: true },
    });
    for (const row of rows) labels.set(row.seq, row.actorLabel);
  }
  for (const a of grouped.actors) {
    const key = actorKey(a.actorType, a.actorId);
    const known = tally.actors.get(key);
    const newestSeq = a._max.seq ?? 0;
    tally.actors.set(key, {
      type: a.actorType,
      id: a.actorId,
      count: (known?.count ?? 0) + a._count._all,
      newestSeq,
      label: labels.get(newestSeq) ?? known?.label ?? a.actorId ?? a.actorType,
    });
  }
  tally.seq = upTo;
}

function actorKey(type: string, id: string | null): string {
  return type === "operator" || !id ? type : `${type}:${id}`;
}

/** The most active 200 actors, by name; the select of actors stays usable on any log. */
function presentFacets(tally: FacetTally): AuditFacets {
  const byValue = (a: FacetCount, b: FacetCount) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  const counts = (map: Map<string, number>) =>
    [...map].map(([value, count]) => ({ value, count })).sort(byValue);
  const actors = [...tally.actors]
    .map(([value, a]) => ({ value, type: a.type, id: a.id, label: a.label, count: a.count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 200)
    .sort((a, b) => a.label.localeCompare(b.label));
  return { actions: counts(tally.actions), targetTypes: counts(tally.targetTypes), actors };
}

/**
 * Every entry matching the filter, in pages read by seq (never an offset), for the export.
 * Memory stays at one page however many entries match.
 */
export async function* iterateAuditEntries(
  organizationId: string,
  filter: AuditFilter,
  dir: "asc" | "desc" = "asc",
  pageSize = 1000,
): AsyncGenerator<AuditEntryView> {
  const db = getDb();
  const where = auditWhere(organizationId, filter);
  let after: number | null = null;
  for (;;) {
    const seq: Prisma.IntFilter | undefined =
      after === null ? undefined : dir === "asc" ? { gt: after } : { lt: after };
    const page: AuditEntryView[] = await db.auditEntry.findMany({
      where: seq ? { AND: [where, { seq }] } : where,
      orderBy: { seq: dir },
      take: pageSize,
      select: ENTRY_SELECT,
    });
    yield* page;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return;
    after = last.seq;
  }
}
