import { createHash } from "node:crypto";

// The hash chain: each entry's hash covers its content, its sequence number and the previous
// entry's hash, so altering, removing, inserting or reordering rows breaks the chain.
export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  organizationId: string;
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
  changes: unknown;
  metadata: unknown;
  prevHash: string;
};

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function computeEntryHash(fields: ChainedFields): string {
  return createHash("sha256")
    .update(fields.prevHash)
    .update("\n")
    .update(canonicalJson(fields))
    .digest("hex");
}

export type ChainProblem = {
  seq: number;
  entryId: string | null;
  kind: "altered" | "missing" | "inserted" | "reordered";
  message: string;
};

type StoredEntry = ChainedFields & { id: string; hash: string };

/**
 * Checks entries in seq order from `startSeq`, given the hash the first one must link to.
 * Returns the first problem, or null when every link holds.
 */
export function findChainProblem(
  entries: StoredEntry[],
  expectedPrev: string,
  startSeq: number,
): ChainProblem | null {
  let prev = expectedPrev;
  let expectedSeq = startSeq;
  for (const entry of entries) {
    if (entry.seq < expectedSeq) {
      return {
        seq: entry.seq,
        entryId: entry.id,
        kind: "inserted",
        message: `Entry #${entry.seq} appears twice or out of order.`,
      };
    }
    if (entry.seq > expectedSeq) {
      return {
        seq: expectedSeq,
        entryId: null,
        kind: "missing",
        message: `Entry #${expectedSeq} is missing (removed).`,
      };
    }
    if (entry.prevHash !== prev) {
      return {
        seq: entry.seq,
        entryId: entry.id,
        kind: "reordered",
        message: `Entry #${entry.seq} does not link to the entry before it (inserted, removed or reordered).`,
      };
    }
    if (computeEntryHash(entry) !== entry.hash) {
      return {
        seq: entry.seq,
        entryId: entry.id,
        kind: "altered",
        message: `Entry #${entry.seq} was altered after it was written.`,
      };
    }
    prev = entry.hash;
    expectedSeq += 1;
  }
  return null;
}
