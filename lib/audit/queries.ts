// Reads of the audit log: the audit page, its export, a target's history (the key details panel)
// and the chain head (the filters' counts are in facets.ts, a search's terms in search.ts). Every
// query names the organization. No "server-only": the bench times these very functions from a tsx
// script.
import { getDb, type Prisma } from "@/lib/db";
import { getPageCount } from "@/lib/data-table/search-params";
import { AUDIT_ENTRY_SELECT, type AuditEntryView } from "./entry";
import { dayRange, isFiltered, type AuditFilter, type AuditQuery } from "./filters";
import type { ChainHead } from "./chain-check";
import { checkpointDocument, checkpointFileName } from "./checkpoint-document";
import { searchPage, searchTerms, textWhere, type AuditPage, type SearchTerms } from "./search";

/**
 * One page of the log, newest first by default. Without filters the page is a range of `seq`
 * read through the (organizationId, seq) index, so page 4,000 costs what page 1 does; filtered
 * pages read their seqs from the filter's index with an offset, then the rows.
 */
export async function listAuditPage(organizationId: string, query: AuditQuery): Promise<AuditPage> {
  const db = getDb();
  const { filter } = query;
  // A search alone: the union of each matching label's index range, counted and paged in SQL.
  const terms = filter.q ? await searchTerms(organizationId, filter.q) : null;
  if (terms && terms !== "scan" && !isFiltered({ ...filter, q: undefined })) {
    return searchPage(organizationId, terms, query);
  }
  if (isFiltered(filter)) {
    const where = await auditWhere(organizationId, filter, terms ?? undefined);
    // The page's seqs first, from the filter's index (which ends in seq), then the rows themselves:
    // a deep page skips index entries, not whole rows.
    const [seqs, totalCount] = await Promise.all([
      db.auditEntry.findMany({
        where,
        orderBy: { seq: query.dir },
        skip: query.skip,
        take: query.take,
        select: { seq: true },
      }),
      db.auditEntry.count({ where }),
    ]);
    const rows = await db.auditEntry.findMany({
      where: { organizationId, seq: { in: seqs.map((row) => row.seq) } },
      orderBy: { seq: query.dir },
      select: AUDIT_ENTRY_SELECT,
    });
    return { rows, totalCount, pageCount: getPageCount(totalCount, query.perPage) };
  }
  // Entries are numbered 1..head without gaps (a gap is tampering, which verification reports), so
  // the head's seq is the count (no 1,000,000-row count) and the page starts at a known seq; `take`
  // still fills the page if a row is missing.
  const head = await getChainHead(organizationId);
  const totalCount = head?.seq ?? 0;
  const seq = query.dir === "desc" ? { lte: (head?.seq ?? 0) - query.skip } : { gt: query.skip };
  const rows = await db.auditEntry.findMany({
    where: { organizationId, seq },
    orderBy: { seq: query.dir },
    take: query.take,
    select: AUDIT_ENTRY_SELECT,
  });
  return { rows, totalCount, pageCount: getPageCount(totalCount, query.perPage) };
}

/**
 * The entries the filter keeps. A search (`q`) matches an entry whose actor label, target label or
 * action contains it (ignoring case), whose target id is it, or whose seq it names: the labels and
 * actions that contain it are looked up among the organization's distinct ones (AuditTerm), then
 * their entries through the (organizationId, label, seq) indexes, instead of a LIKE over every entry.
 */
export async function auditWhere(
  organizationId: string,
  filter: AuditFilter,
  terms?: SearchTerms,
): Promise<Prisma.AuditEntryWhereInput> {
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (filter.actions.length > 0) and.push({ action: { in: filter.actions } });
  if (filter.outcomes.length > 0) and.push({ outcome: { in: filter.outcomes } });
  if (filter.actor) {
    and.push({ actorType: filter.actor.type, ...(filter.actor.id ? { actorId: filter.actor.id } : {}) });
  }
  if (filter.targetType) and.push({ targetType: filter.targetType });
  if (filter.targetId) and.push({ targetId: filter.targetId });
  if (filter.from || filter.to) and.push({ createdAt: dayRange(filter.from, filter.to) });
  if (filter.q) and.push(textWhere(filter.q, terms ?? (await searchTerms(organizationId, filter.q))));
  return and.length > 0 ? { organizationId, AND: and } : { organizationId };
}

/** One entry of the organization, or null (also for another organization's entry id). */
export async function getAuditEntry(organizationId: string, entryId: string): Promise<AuditEntryView | null> {
  return getDb().auditEntry.findFirst({ where: { id: entryId, organizationId }, select: AUDIT_ENTRY_SELECT });
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
    select: AUDIT_ENTRY_SELECT,
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

export type CheckpointListItem = {
  id: string;
  seq: number;
  hash: string;
  createdAt: Date;
  createdBy: string;
  publicKeyId: string;
  anchoredAt: Date | null;
};

/**
 * The organization's newest signed checkpoints, newest first, and the newest one as the JSON
 * document the audit page offers for download (lib/audit/checkpoint-document.ts).
 */
export async function listCheckpoints(
  org: { id: string; slug: string; name: string },
  limit = 10,
): Promise<{ rows: CheckpointListItem[]; newest: { fileName: string; json: string } | null }> {
  const rows = await getDb().auditCheckpoint.findMany({
    where: { organizationId: org.id },
    orderBy: [{ createdAt: "desc" }, { seq: "desc" }],
    take: limit,
  });
  const first = rows[0];
  return {
    rows: rows.map(({ id, seq, hash, createdAt, createdBy, publicKeyId, anchoredAt }) => ({
      id,
      seq,
      hash,
      createdAt,
      createdBy,
      publicKeyId,
      anchoredAt,
    })),
    newest: first
      ? {
          fileName: checkpointFileName(org.slug, first.seq),
          json: `${JSON.stringify(checkpointDocument(org, first), null, 2)}\n`,
        }
      : null,
  };
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
  const where = await auditWhere(organizationId, filter);
  let after: number | null = null;
  for (;;) {
    const seq: Prisma.IntFilter | undefined =
      after === null ? undefined : dir === "asc" ? { gt: after } : { lt: after };
    const page: AuditEntryView[] = await db.auditEntry.findMany({
      where: seq ? { AND: [where, { seq }] } : where,
      orderBy: { seq: dir },
      take: pageSize,
      select: AUDIT_ENTRY_SELECT,
    });
    yield* page;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return;
    after = last.seq;
  }
}
