// A realistic, valid audit chain made up without running any action: for the audit bench (100,000
// entries), for tests that need entries at chosen times, and for demo data. Deterministic: the
// same options give the same entries. Pure (no database): callers insert the rows in batches.
import type { AuditAction } from "@/lib/audit/action-names";
import { computeEntryHash, GENESIS_HASH, type ChainedFields } from "@/lib/audit/chain";

export type SyntheticRow = ChainedFields & { hash: string };

export type SyntheticOptions = {
  organizationId: string;
  count: number;
  /** Continue an existing chain: the seq and hash of its newest entry (default: a new chain). */
  after?: { seq: number; hash: string };
  /** Time of the first entry (default 2026-01-01T00:00:00Z) and the gap between entries. */
  start?: Date;
  stepMs?: number;
  seed?: number;
};

const USERS = ["owner", "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"];
const SYSTEMS = ["payments", "search", "ledger", "catalog", "billing", "ingest", "reports", "edge"];
const ACTIONS: readonly (readonly [action: AuditAction, weight: number])[] = [
  ["key.created", 20],
  ["key.updated", 18],
  ["key.rolled", 12],
  ["key.disabled", 6],
  ["key.enabled", 5],
  ["key.revoked", 6],
  ["key.secret_viewed", 5],
  ["system.created", 3],
  ["system.updated", 4],
  ["member.added", 3],
  ["member.role_changed", 2],
  ["policy.updated", 1],
  ["authorization.denied", 8],
  ["stepup.failed", 7],
];
const TOTAL_WEIGHT = ACTIONS.reduce((sum, [, weight]) => sum + weight, 0);

/** mulberry32: a tiny seeded PRNG, so a bench run is repeatable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickAction(r: number): AuditAction {
  let left = r * TOTAL_WEIGHT;
  for (const [action, weight] of ACTIONS) {
    left -= weight;
    if (left < 0) return action;
  }
  return "key.updated";
}

export function* syntheticEntries(options: SyntheticOptions): Generator<SyntheticRow> {
  const next = random(options.seed ?? 42);
  const start = (options.start ?? new Date("2026-01-01T00:00:00Z")).getTime();
  const stepMs = options.stepMs ?? 60_000;
  let prevHash = options.after?.hash ?? GENESIS_HASH;
  const firstSeq = (options.after?.seq ?? 0) + 1;
  // About 200 entries per key over a long log, and never fewer than 20 keys.
  const keyCount = Math.max(20, Math.min(500, Math.round(options.count / 200)));
  for (let i = 0; i < options.count; i++) {
    const seq = firstSeq + i;
    const action = pickAction(next());
    const user = USERS[Math.floor(next() * USERS.length)] ?? "owner";
    const byKey = next() < 0.1;
    const system = SYSTEMS[Math.floor(next() * SYSTEMS.length)] ?? "payments";
    const keyNo = Math.floor(next() * keyCount);
    const target = targetOf(action, system, keyNo, user);
    const fields: ChainedFields = {
      organizationId: options.organizationId,
      seq,
      createdAt: new Date(start + i * stepMs),
      actorType: byKey ? "key" : "user",
      actorId: byKey ? `synthetic-key-ci-${keyNo % 3}` : `synthetic-user-${user}`,
      actorLabel: byKey ? `ci-deployer-${keyNo % 3}` : `${user}@example.test`,
      ip: `198.51.100.${Math.floor(next() * 250) + 1}`,
      userAgent: byKey ? "keyplane-cli/0.1" : "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0",
      action,
      outcome:
        action === "authorization.denied" ? "denied" : action === "stepup.failed" ? "failed" : "success",
      ...target,
      changes: changesOf(action, keyNo, seq),
      metadata: action === "authorization.denied" ? { permission: "org-keys:manage" } : null,
      prevHash,
    };
    const hash = computeEntryHash(fields);
    yield { ...fields, hash };
    prevHash = hash;
  }
}

function targetOf(action: string, system: string, keyNo: number, user: string) {
  if (action.startsWith("key.")) {
    return { targetType: "key", targetId: `synthetic-key-${keyNo}`, targetLabel: `${system}-key-${keyNo}` };
  }
  if (action.startsWith("system.")) {
    return { targetType: "system", targetId: `synthetic-system-${system}`, targetLabel: system };
  }
  if (action.startsWith("member.")) {
    return { targetType: "user", targetId: `synthetic-user-${user}`, targetLabel: `${user}@example.test` };
  }
  if (action === "authorization.denied") {
    return { targetType: "action", targetId: null, targetLabel: "key.create" };
  }
  return {
    targetType: action === "stepup.failed" ? "user" : "organization",
    targetId: null,
    targetLabel: null,
  };
}

function changesOf(action: string, keyNo: number, seq: number): ChainedFields["changes"] {
  if (action === "key.updated") {
    return { label: { before: `key-${keyNo}`, after: `key-${keyNo}-v${seq}` } };
  }
  if (action === "key.created") {
    return {
      label: { before: null, after: `key-${keyNo}` },
      permissions: { before: null, after: ["nodes:add"] },
    };
  }
  if (action === "key.disabled" || action === "key.enabled" || action === "key.revoked") {
    return { state: { before: "active", after: action.slice(4) } };
  }
  return null;
}

/** Rows ready for `createMany` (JSON nulls left out, as writeAudit stores them). */
export function toCreateRow(row: SyntheticRow) {
  const { changes, metadata, ...rest } = row;
  return {
    ...rest,
    ...(changes === null ? {} : { changes: changes as object }),
    ...(metadata === null ? {} : { metadata: metadata as object }),
  };
}
