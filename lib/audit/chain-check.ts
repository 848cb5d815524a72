// Verifies an organization's audit chain from the first entry to the last. No "server-only":
// the audit page's action, `npm run audit:verify` and the bench all run it.
import { dbProvider, getDb, type Db } from "@/lib/db";
import { openPageReader, type PageReader } from "./chain-read";
import {
  CHAIN_START,
  computeEntryHash,
  explainBreak,
  findFirstBreak,
  type ChainCursor,
  type ChainProblem,
  type StoredEntry,
} from "./chain";

export type ChainHead = { seq: number; hash: string; createdAt: Date };

export type ChainCheck =
  { ok: true; count: number; head: ChainHead | null } | { ok: false; problem: ChainProblem; checked: number };

export type VerifyOptions = {
  /** Entries read per query (default 5,000): memory stays flat however long the chain is. */
  pageSize?: number;
  /**
   * A chain head kept outside the database (exported from the audit page). The chain must still
   * hold that entry with that hash: this catches what the chain alone cannot, such as removing
   * the newest entries or rewriting every entry from some point on.
   */
  expectedHead?: KeptHead;
  /**
   * Start at this kept head instead of the first entry (the fast path from a signed checkpoint):
   * the entry at its seq must still be there, hash to its stored hash and carry the kept hash;
   * only the entries after it are walked. `count` then counts the entries after it.
   */
  startAt?: KeptHead;
  /** Defaults to the app's database client. */
  db?: Pick<Db, "auditEntry" | "$queryRaw">;
};

/** A head kept outside the database; `name` is how messages call it (default "the chain head that was kept"). */
type KeptHead = { seq: number; hash: string; name?: string };

const DEFAULT_PAGE_SIZE = 5000;
const KEPT_HEAD = "the chain head that was kept";

/** Checks every entry's hash and link in seq order, page by page; names the first bad entry. */
export async function checkAuditChain(
  organizationId: string,
  options: VerifyOptions = {},
): Promise<ChainCheck> {
  const db = options.db ?? getDb();
  let cursor: ChainCursor = CHAIN_START;
  let headCreatedAt: Date | null = null;
  if (options.startAt) {
    const start = await startFrom(db, organizationId, options.startAt);
    if (!start.ok) return { ok: false, problem: start.problem, checked: 0 };
    cursor = start.cursor;
    headCreatedAt = start.createdAt;
  }
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  // The app's own SQLite database is read through a read-only connection of its own (chain-read.ts).
  const reader = openPageReader(options.db ? null : dbProvider(), db, organizationId, pageSize);
  try {
    return await walkChain(reader, cursor, headCreatedAt, options.expectedHead);
  } finally {
    reader.close();
  }
}

/** Walks the pages after `start`; `count` counts the entries after it. */
async function walkChain(
  reader: PageReader,
  start: ChainCursor,
  startCreatedAt: Date | null,
  expected: KeptHead | undefined,
): Promise<ChainCheck> {
  const { pageSize } = reader;
  let cursor = start;
  let count = 0;
  let headCreatedAt = startCreatedAt;
  // The next page is read while this one is hashed (on PostgreSQL the two overlap).
  let next = reader.read(cursor.seq);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    const last = page[page.length - 1];
    if (last && page.length === pageSize) {
      next = reader.read(last.seq);
      // Not awaited when this page breaks the chain: its failure must not go unhandled.
      next.catch(() => undefined);
    }
    const previous = cursor;
    const walked = findFirstBreak(page, cursor);
    const anchor = expected ? page.slice(0, walked.checked).find((e) => e.seq === expected.seq) : undefined;
    if (expected && anchor && anchor.hash !== expected.hash) {
      return {
        ok: false,
        problem: headMismatch(anchor, expected.name),
        checked: count + anchor.seq - previous.seq - 1,
      };
    }
    count += walked.checked;
    cursor = walked.cursor;
    if (walked.broken) {
      const problem = await explainBreak(walked.broken, cursor, reader.lookup);
      return { ok: false, problem, checked: count };
    }
    headCreatedAt = page[page.length - 1]?.createdAt ?? headCreatedAt;
    if (page.length < pageSize) break;
  }

  if (expected && expected.seq > cursor.seq) {
    return { ok: false, problem: truncated(cursor, expected.seq, expected.name), checked: count };
  }
  const head =
    headCreatedAt && cursor.seq > 0 ? { seq: cursor.seq, hash: cursor.hash, createdAt: headCreatedAt } : null;
  return { ok: true, count, head };
}

/** The kept head's entry as the cursor to walk on from, or why the log no longer extends it. */
async function startFrom(
  db: Pick<Db, "auditEntry">,
  organizationId: string,
  kept: KeptHead,
): Promise<{ ok: true; cursor: ChainCursor; createdAt: Date } | { ok: false; problem: ChainProblem }> {
  const entry: StoredEntry | null = await db.auditEntry.findUnique({
    where: { organizationId_seq: { organizationId, seq: kept.seq } },
  });
  if (!entry) {
    const last = await db.auditEntry.findFirst({
      where: { organizationId },
      orderBy: { seq: "desc" },
      select: { seq: true },
    });
    if ((last?.seq ?? 0) < kept.seq)
      return { ok: false, problem: truncated(last ?? { seq: 0 }, kept.seq, kept.name) };
    const message = `Entry #${kept.seq}, which ${kept.name ?? KEPT_HEAD} names, is not in the log: it was deleted or renumbered.`;
    return { ok: false, problem: { seq: kept.seq, entryId: null, kind: "missing", message } };
  }
  if (entry.hash !== kept.hash || computeEntryHash(entry) !== entry.hash) {
    return { ok: false, problem: headMismatch(entry, kept.name) };
  }
  return { ok: true, cursor: { seq: entry.seq, hash: entry.hash, id: entry.id }, createdAt: entry.createdAt };
}

function headMismatch(entry: StoredEntry, name = KEPT_HEAD): ChainProblem {
  return {
    seq: entry.seq,
    entryId: entry.id,
    kind: "altered",
    message: `Entry #${entry.seq} is not ${name}: the log was rewritten at or before #${entry.seq}.`,
  };
}

function truncated(cursor: Pick<ChainCursor, "seq">, keptSeq: number, name = KEPT_HEAD): ChainProblem {
  const first = cursor.seq + 1;
  const range = first === keptSeq ? `entry #${keptSeq} was` : `entries #${first}–#${keptSeq} were`;
  return {
    seq: first,
    entryId: null,
    kind: "missing",
    message: `The log ends at #${cursor.seq}, but ${name} is #${keptSeq}: ${range} deleted.`,
  };
}
