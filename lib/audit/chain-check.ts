// Verifies an organization's audit chain from the first entry to the last. No "server-only":
// the audit page's action, `npm run audit:verify` and the bench all run it.
import { getDb, type Db } from "@/lib/db";
import {
  CHAIN_START,
  explainBreak,
  findFirstBreak,
  type ChainCursor,
  type ChainLookup,
  type ChainProblem,
  type StoredEntry,
} from "./chain";

export type ChainHead = { seq: number; hash: string; createdAt: Date };

export type ChainCheck =
  { ok: true; count: number; head: ChainHead | null } | { ok: false; problem: ChainProblem; checked: number };

export type VerifyOptions = {
  /** Entries read per query (default 1,000): memory stays flat however long the chain is. */
  pageSize?: number;
  /**
   * A chain head kept outside the database (exported from the audit page). The chain must still
   * hold that entry with that hash: this catches what the chain alone cannot, such as removing
   * the newest entries or rewriting every entry from some point on.
   */
  expectedHead?: { seq: number; hash: string };
  /** Defaults to the app's database client. */
  db?: Pick<Db, "auditEntry">;
};

const DEFAULT_PAGE_SIZE = 1000;

/** Checks every entry's hash and link in seq order, page by page; names the first bad entry. */
export async function checkAuditChain(
  organizationId: string,
  options: VerifyOptions = {},
): Promise<ChainCheck> {
  const db = options.db ?? getDb();
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const expected = options.expectedHead;
  let cursor: ChainCursor = CHAIN_START;
  let count = 0;
  let headCreatedAt: Date | null = null;

  for (;;) {
    const page: StoredEntry[] = await db.auditEntry.findMany({
      where: { organizationId, seq: { gt: cursor.seq } },
      orderBy: { seq: "asc" },
      take: pageSize,
    });
    if (page.length === 0) break;
    const previous = cursor;
    const walked = findFirstBreak(page, cursor);
    const anchor = expected ? page.slice(0, walked.checked).find((e) => e.seq === expected.seq) : undefined;
    if (expected && anchor && anchor.hash !== expected.hash) {
      return { ok: false, problem: headMismatch(anchor), checked: count + anchor.seq - previous.seq - 1 };
    }
    count += walked.checked;
    cursor = walked.cursor;
    if (walked.broken) {
      const problem = await explainBreak(walked.broken, cursor, chainLookup(db, organizationId));
      return { ok: false, problem, checked: count };
    }
    headCreatedAt = page[page.length - 1]?.createdAt ?? headCreatedAt;
    if (page.length < pageSize) break;
  }

  if (expected && expected.seq > cursor.seq) {
    return { ok: false, problem: truncated(cursor, expected.seq), checked: count };
  }
  const head =
    headCreatedAt && cursor.seq > 0 ? { seq: cursor.seq, hash: cursor.hash, createdAt: headCreatedAt } : null;
  return { ok: true, count, head };
}

function chainLookup(db: Pick<Db, "auditEntry">, organizationId: string): ChainLookup {
  return {
    bySeq: (seq) => db.auditEntry.findUnique({ where: { organizationId_seq: { organizationId, seq } } }),
    // No index on hash: this scans the organization's entries, once, and only for a broken chain.
    byHash: (hash, exceptId) =>
      db.auditEntry.findFirst({ where: { organizationId, hash, id: { not: exceptId } } }),
  };
}

function headMismatch(entry: StoredEntry): ChainProblem {
  return {
    seq: entry.seq,
    entryId: entry.id,
    kind: "altered",
    message: `Entry #${entry.seq} is not the chain head that was kept: the log was rewritten at or before #${entry.seq}.`,
  };
}

function truncated(cursor: ChainCursor, keptSeq: number): ChainProblem {
  const first = cursor.seq + 1;
  const range = first === keptSeq ? `entry #${keptSeq} was` : `entries #${first}–#${keptSeq} were`;
  return {
    seq: first,
    entryId: null,
    kind: "missing",
    message: `The log ends at #${cursor.seq}, but the chain head that was kept is #${keptSeq}: ${range} deleted.`,
  };
}
