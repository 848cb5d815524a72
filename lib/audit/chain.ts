import { sha256Hex } from "@/lib/crypto/sha256";
import type { AuditEntryView } from "./entry";

// The hash chain: each entry's hash covers its content, its sequence number and the previous
// entry's hash, so altering, removing, inserting or reordering rows breaks the chain. Only the
// surrogate `id` is outside the hash: it names a row, it says nothing about what happened.
// Pure (no database, no "server-only"): the verifier, the CLI, the bench and tests share it.
export const GENESIS_HASH = "0".repeat(64);

/** What the hash covers: a stored entry's fields but its id and hash, with its organization. */
export type ChainedFields = Omit<AuditEntryView, "id" | "hash" | "changes" | "metadata"> & {
  organizationId: string;
  changes: unknown;
  metadata: unknown;
};

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    // The default sort orders strings by UTF-16 code units; undefined members are left out.
    let out = "";
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      out += `${out === "" ? "{" : ","}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return out === "" ? "{}" : `${out}}`;
  }
  return JSON.stringify(value);
}

/**
 * The entry's hash. Only the chained fields are hashed, whatever else the object carries (a
 * stored row also has its id and hash), so the writer and the verifier hash the same thing.
 */
export function computeEntryHash(fields: ChainedFields): string {
  return sha256Hex(`${fields.prevHash}\n${chainedJson(fields)}`);
}

/** Every field the hash covers, in canonicalJson's key order (sorted by UTF-16 code units). */
const CHAINED_KEYS = (
  [
    "organizationId",
    "seq",
    "createdAt",
    "actorType",
    "actorId",
    "actorLabel",
    "ip",
    "userAgent",
    "action",
    "outcome",
    "targetType",
    "targetId",
    "targetLabel",
    "changes",
    "metadata",
    "prevHash",
  ] as const satisfies readonly (keyof ChainedFields)[]
).toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * canonicalJson of the chained fields alone, without building the object first: the same text
 * (undefined fields left out, keys sorted), written in one pass because the chain check runs it
 * once per entry, a million times for a million entries.
 */
function chainedJson(entry: ChainedFields): string {
  let out = "";
  for (const key of CHAINED_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    out += `${out === "" ? "{" : ","}"${key}":${typeof value === "string" ? JSON.stringify(value) : canonicalJson(value)}`;
  }
  return out === "" ? "{}" : `${out}}`;
}

/** A stored entry as the verifier reads it: the hashed fields plus the row id and stored hash. */
export type StoredEntry = ChainedFields & { id: string; hash: string };

type ChainProblemKind = "altered" | "missing" | "inserted" | "reordered";

export type ChainProblem = {
  /** The sequence number where the chain first goes wrong. */
  seq: number;
  /** The first bad entry, or null when the problem is an entry that is no longer there. */
  entryId: string | null;
  kind: ChainProblemKind;
  message: string;
};

/** The last entry that checked out (seq 0 and the genesis hash before the first entry). */
export type ChainCursor = { seq: number; hash: string; id: string | null };

export const CHAIN_START: ChainCursor = { seq: 0, hash: GENESIS_HASH, id: null };

/** What the first anomaly looks like, before it is explained. */
export type ChainBreak =
  | { type: "gap"; expectedSeq: number; entry: StoredEntry }
  | { type: "repeat"; expectedSeq: number; entry: StoredEntry }
  | { type: "link"; entry: StoredEntry }
  | { type: "hash"; entry: StoredEntry };

/** True when the entry's stored hash is what it would be if the entry had been written as `seq`. */
function verifiesAt(entry: StoredEntry, seq: number): boolean {
  return computeEntryHash({ ...entry, seq }) === entry.hash;
}

/**
 * Walks entries (in seq order, continuing from `after`) until the first one that does not check
 * out. Returns that break, if any, and the cursor of the last good entry.
 */
export function findFirstBreak(
  entries: readonly StoredEntry[],
  after: ChainCursor,
): { broken: ChainBreak | null; cursor: ChainCursor; checked: number } {
  let cursor = after;
  let checked = 0;
  for (const entry of entries) {
    const expectedSeq = cursor.seq + 1;
    let broken: ChainBreak | null = null;
    if (entry.seq > expectedSeq) broken = { type: "gap", expectedSeq, entry };
    else if (entry.seq < expectedSeq) broken = { type: "repeat", expectedSeq, entry };
    else if (entry.prevHash !== cursor.hash) broken = { type: "link", entry };
    else if (computeEntryHash(entry) !== entry.hash) broken = { type: "hash", entry };
    if (broken) return { broken, cursor, checked };
    cursor = { seq: entry.seq, hash: entry.hash, id: entry.id };
    checked += 1;
  }
  return { broken: null, cursor, checked };
}

/** Reads the explanation of a break needs; the verifier answers them from the database. */
export type ChainLookup = {
  /** The entry of the same chain stored at `seq`, if any. */
  bySeq(seq: number): Promise<StoredEntry | null>;
  /** An entry of the same chain, other than `exceptId`, whose stored hash is `hash`. */
  byHash(hash: string, exceptId: string): Promise<StoredEntry | null>;
};

/** How far past a break a renumbered entry is looked for (entries removed, later ones renumbered). */
const RENUMBER_SEARCH = 1000;

/**
 * Explains a break: which entry is bad and what was most likely done to it. Only the first
 * break is explained, with a few extra reads, so this costs nothing while the chain is intact.
 */
export async function explainBreak(
  broken: ChainBreak,
  previous: ChainCursor,
  lookup: ChainLookup,
): Promise<ChainProblem> {
  const { entry } = broken;
  const n = entry.seq;
  switch (broken.type) {
    case "gap":
      return explainGap(entry, broken.expectedSeq);
    case "repeat":
      return problem(entry, "inserted", `Entry #${n} appears twice or out of order.`);
    case "hash":
      return problem(
        entry,
        "altered",
        `Entry #${n} was altered after it was written: its content no longer matches its hash.`,
      );
    case "link":
      return explainBrokenLink(entry, previous, lookup);
  }
}

function explainGap(entry: StoredEntry, expectedSeq: number): ChainProblem {
  if (verifiesAt(entry, expectedSeq)) {
    return problem(
      entry,
      "altered",
      `Entry #${entry.seq} was renumbered: it was written as #${expectedSeq}.`,
    );
  }
  const last = entry.seq - 1;
  const range = last === expectedSeq ? `Entry #${expectedSeq} is` : `Entries #${expectedSeq}–#${last} are`;
  return {
    seq: expectedSeq,
    entryId: null,
    kind: "missing",
    message: `${range} missing: deleted from the log (the chain jumps from #${expectedSeq - 1} to #${entry.seq}).`,
  };
}

async function explainBrokenLink(
  entry: StoredEntry,
  previous: ChainCursor,
  lookup: ChainLookup,
): Promise<ChainProblem> {
  const n = entry.seq;
  const selfConsistent = verifiesAt(entry, n);
  const linkedTo = await lookup.byHash(entry.prevHash, entry.id);
  // Written at another position (its hash covers its seq): moved by a swap or a renumbering.
  if (!selfConsistent && linkedTo) {
    for (const written of [linkedTo.seq + 1, linkedTo.seq]) {
      if (written !== n && verifiesAt(entry, written)) return explainMoved(entry, written, previous, lookup);
    }
  }
  // The entry after this one links straight to the one before it: this one was slipped in.
  const next = await lookup.bySeq(n + 1);
  if (next && next.prevHash === previous.hash) {
    return problem(
      entry,
      "inserted",
      `Entry #${n} was inserted: entry #${n + 1} links to #${n - 1}, not to it.`,
    );
  }
  if (selfConsistent) return explainSelfConsistent(entry, previous, linkedTo, next !== null);
  if (!linkedTo) {
    for (let written = n + 1; written <= n + RENUMBER_SEARCH; written++) {
      if (verifiesAt(entry, written)) {
        return {
          seq: n,
          entryId: entry.id,
          kind: "missing",
          message: `Entries were deleted before #${n} and the later ones renumbered to hide the gap: the entry now numbered #${n} was written as #${written}.`,
        };
      }
    }
  }
  return problem(
    entry,
    "altered",
    `Entry #${n} was altered: it neither matches its hash nor links to entry #${n - 1}.`,
  );
}

/** The entry matches its own hash but links elsewhere: it was forged, or its predecessor rewritten. */
function explainSelfConsistent(
  entry: StoredEntry,
  previous: ChainCursor,
  linkedTo: StoredEntry | null,
  hasNext: boolean,
): ChainProblem {
  const n = entry.seq;
  if (linkedTo) {
    return problem(
      entry,
      "reordered",
      `Entry #${n} links to entry #${linkedTo.seq}, not to #${n - 1}: entries were moved.`,
    );
  }
  if (!hasNext || previous.id === null) {
    return problem(
      entry,
      "inserted",
      `Entry #${n} does not link to any entry of the log: it was added afterwards, not written by Keyplane.`,
    );
  }
  return {
    seq: n - 1,
    entryId: previous.id,
    kind: "altered",
    message: `Entry #${n - 1} was rewritten: entry #${n} links to a version of it that no longer exists.`,
  };
}

/** The entry verifies at another position (`written`): entries were inserted before it, or swapped. */
async function explainMoved(
  entry: StoredEntry,
  written: number,
  previous: ChainCursor,
  lookup: ChainLookup,
): Promise<ChainProblem> {
  const n = entry.seq;
  if (written < n) {
    const first = written === previous.seq ? previous.id : ((await lookup.bySeq(written))?.id ?? null);
    const range = written === n - 1 ? `Entry #${written} was` : `Entries #${written}–#${n - 1} were`;
    return {
      seq: written,
      entryId: first,
      kind: "inserted",
      message: `${range} inserted: the entry now numbered #${n} was written as #${written}, and later entries were renumbered.`,
    };
  }
  return problem(
    entry,
    "reordered",
    `Entries were reordered: entry #${n} holds the entry written as #${written}.`,
  );
}

function problem(entry: StoredEntry, kind: ChainProblemKind, message: string): ChainProblem {
  return { seq: entry.seq, entryId: entry.id, kind, message };
}
