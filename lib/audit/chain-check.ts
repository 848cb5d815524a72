// Verifies an organization's audit chain from the first entry to the last. No "server-only":
// the audit page's action, `npm run audit:verify` and the bench all run it.
import { dbProvider, getDb, type Db } from "@/lib/db";
import { openPageReader } from "./chain-read";
import { checkChainInParallel } from "./chain-parallel";
import {
  CHAIN_START,
  computeEntryHash,
  type ChainCursor,
  type ChainProblem,
  type StoredEntry,
} from "./chain";
import { headMismatch, KEPT_HEAD, truncated, walkChain, type ChainCheck, type KeptHead } from "./chain-walk";

export type { ChainCheck, ChainHead } from "./chain-walk";

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
  /**
   * Worker threads for a whole-log check of the app's SQLite database (chain-parallel.ts; the
   * CLI's `npm run audit:verify`). Default 1: the audit page walks on the request's thread.
   */
  workers?: number;
  /** With workers: the fewest entries worth a worker of their own (chain-parallel.ts). */
  entriesPerWorker?: number;
};

const DEFAULT_PAGE_SIZE = 5000;

/** Checks every entry's hash and link in seq order, page by page; names the first bad entry. */
export async function checkAuditChain(
  organizationId: string,
  options: VerifyOptions = {},
): Promise<ChainCheck> {
  const db = options.db ?? getDb();
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const workers = options.workers ?? 1;
  // Only a whole-log check of the app's own database is split (chain-parallel.ts: SQLite only).
  if (workers > 1 && !options.db && !options.startAt && !options.expectedHead) {
    const result = await checkChainInParallel(organizationId, {
      workers,
      pageSize,
      entriesPerPart: options.entriesPerWorker,
    });
    if (result) return result;
  }
  let cursor: ChainCursor = CHAIN_START;
  let headCreatedAt: Date | null = null;
  if (options.startAt) {
    const start = await startFrom(db, organizationId, options.startAt);
    if (!start.ok) return { ok: false, problem: start.problem, checked: 0 };
    cursor = start.cursor;
    headCreatedAt = start.createdAt;
  }
  // The app's own SQLite database is read through a read-only connection of its own (chain-read.ts).
  const reader = openPageReader(options.db ? null : dbProvider(), db, organizationId, pageSize);
  try {
    return await walkChain(reader, cursor, headCreatedAt, options.expectedHead);
  } finally {
    reader.close();
  }
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
