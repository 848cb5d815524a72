// Walks an organization's audit chain page by page from a cursor: the loop the chain check runs
// for a whole log (chain-check.ts) and each worker runs for its part of one (chain-worker.ts).
import { explainBreak, findFirstBreak, type ChainCursor, type ChainProblem, type StoredEntry } from "./chain";
import type { PageReader } from "./chain-read";

export type ChainHead = { seq: number; hash: string; createdAt: Date };

export type ChainCheck =
  { ok: true; count: number; head: ChainHead | null } | { ok: false; problem: ChainProblem; checked: number };

/** A head kept outside the database; `name` is how messages call it (default "the chain head that was kept"). */
export type KeptHead = { seq: number; hash: string; name?: string };

export const KEPT_HEAD = "the chain head that was kept";

/** Walks the pages after `start`; `count` counts the entries after it. */
export async function walkChain(
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

export function headMismatch(entry: StoredEntry, name = KEPT_HEAD): ChainProblem {
  return {
    seq: entry.seq,
    entryId: entry.id,
    kind: "altered",
    message: `Entry #${entry.seq} is not ${name}: the log was rewritten at or before #${entry.seq}.`,
  };
}

export function truncated(cursor: Pick<ChainCursor, "seq">, keptSeq: number, name = KEPT_HEAD): ChainProblem {
  const first = cursor.seq + 1;
  const range = first === keptSeq ? `entry #${keptSeq} was` : `entries #${first}–#${keptSeq} were`;
  return {
    seq: first,
    entryId: null,
    kind: "missing",
    message: `The log ends at #${cursor.seq}, but ${name} is #${keptSeq}: ${range} deleted.`,
  };
}
