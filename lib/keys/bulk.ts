import type { z } from "zod";
import { userKeyAccess } from "@/lib/auth/key-access";
import { requireFreshStepUp } from "@/lib/auth/step-up";
import type { Ctx } from "@/lib/context";
import { getDb, type Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError, fieldError } from "@/lib/errors";
import { bulkUsagePreview } from "@/lib/usage/bulk-preview";
import { keyForChangeSelect, type KeyForChange } from "./guards";
import { revokeLoadedKey } from "./revoke";
import { listMatchingKeyIds } from "./queries";
import { BULK_MAX_KEYS, bulkRevokeConfirmation, type BulkAction, type bulkKeysSchema } from "./schemas";
import { writeKeyState } from "./set-state";

// Disabling, enabling or revoking many keys at once (ARCHITECTURE.md, "Keys and their lifecycle").
// The plan reads the keys and sorts out the ones that cannot change (state, the caller's
// permission, not in the organization); the apply step runs the same per-key core as a single
// change (set-state.ts, revoke.ts), so every key gets its own audit entry, in one transaction per
// batch of at most BULK_BATCH_SIZE keys. A key changed since the plan makes its whole batch roll
// back: the report says which keys that left as they were, and why.

export const BULK_BATCH_SIZE = 500;

type BulkKeysData = z.output<typeof bulkKeysSchema>;

type BulkSkipReason = "state" | "permission" | "not_found" | "conflict";
type BulkSkip = { id: string; label: string | null; reason: BulkSkipReason; message: string };
type BulkKeyPreview = {
  id: string;
  label: string;
  systemId: string | null;
  state: string;
  lastUsedAt: Date | null;
  calls24h: number;
};
export type BulkReport = {
  action: BulkAction;
  dryRun: boolean;
  requested: number;
  /** The keys changed (or, in a dry run, that would change). */
  changed: BulkKeyPreview[];
  skipped: BulkSkip[];
};

/** Whether the caller may change a key of this scope (null: an organization key). */
export type MayManageKey = (systemId: string | null) => boolean;

type PlannedKey = KeyForChange & { lastUsedAt: Date | null };
export type BulkPlan = { action: BulkAction; requested: number; eligible: PlannedKey[]; skipped: BulkSkip[] };

const IN_CHUNK = 500;
/** A batch writes up to 500 keys and their audit entries: more time than one change gets. */
const BATCH_TIMEOUT_MS = 120_000;
const TARGET_STATE = { disable: "active", enable: "disabled" } as const;

function stateSkip(action: BulkAction, state: string): string | null {
  if (action === "revoke") return state === "revoked" ? "Already revoked." : null;
  if (state === "revoked") return "Revoked keys cannot be disabled or enabled.";
  if (state !== TARGET_STATE[action]) return action === "disable" ? "Already disabled." : "Already enabled.";
  return null;
}

/** Reads the keys (in the caller's organization only) and decides which of them can change. */
export async function planBulk(
  db: Tx,
  organizationId: string,
  action: BulkAction,
  keyIds: readonly string[],
  mayManage: MayManageKey,
): Promise<BulkPlan> {
  const ids = [...new Set(keyIds)];
  const found = new Map<string, PlannedKey>();
  for (let start = 0; start < ids.length; start += IN_CHUNK) {
    const rows = await db.apiKey.findMany({
      where: { organizationId, id: { in: ids.slice(start, start + IN_CHUNK) } },
      select: { ...keyForChangeSelect, lastUsedAt: true },
    });
    for (const row of rows) found.set(row.id, row);
  }
  const eligible: PlannedKey[] = [];
  const skipped: BulkSkip[] = [];
  for (const id of ids) {
    const key = found.get(id);
    // Another organization's key and a key that does not exist look the same.
    if (!key) skipped.push({ id, label: null, reason: "not_found", message: "No such key." });
    else if (!mayManage(key.systemId))
      skipped.push({ id, label: key.label, reason: "permission", message: "You may not manage this key." });
    else {
      const why = stateSkip(action, key.state);
      if (why) skipped.push({ id, label: key.label, reason: "state", message: why });
      else eligible.push(key);
    }
  }
  return { action, requested: ids.length, eligible, skipped };
}

/** The report a dry run answers: the plan, with each key's last use and calls in the last day. */
export async function previewBulk(organizationId: string, plan: BulkPlan): Promise<BulkReport> {
  const usage = await bulkUsagePreview(getDb(), organizationId, plan.eligible);
  return {
    action: plan.action,
    dryRun: true,
    requested: plan.requested,
    changed: plan.eligible.map((key) => ({
      ...keyPreview(key),
      calls24h: usage.get(key.id)?.calls24h ?? 0,
    })),
    skipped: plan.skipped,
  };
}

function keyPreview(key: PlannedKey): BulkKeyPreview {
  return {
    id: key.id,
    label: key.label,
    systemId: key.systemId,
    state: key.state,
    lastUsedAt: key.lastUsedAt,
    calls24h: 0,
  };
}

function applyOne(ctx: Ctx, action: BulkAction, key: PlannedKey, tx: Tx) {
  if (action === "revoke") return revokeLoadedKey(ctx, key, tx, key.version);
  return writeKeyState(ctx, key, tx, action === "disable" ? "disabled" : "active", key.version);
}

/**
 * Applies the plan batch by batch, each batch in its own transaction: every key of a batch
 * changes, or (when one of them changed since the plan, or anything fails) none does.
 */
export async function applyBulk(ctx: Ctx, plan: BulkPlan): Promise<BulkReport> {
  const changed: BulkKeyPreview[] = [];
  const skipped = [...plan.skipped];
  for (let start = 0; start < plan.eligible.length; start += BULK_BATCH_SIZE) {
    const batch = plan.eligible.slice(start, start + BULK_BATCH_SIZE);
    try {
      await transact(
        async (tx) => {
          for (const key of batch) await applyOne(ctx, plan.action, key, tx);
        },
        { timeoutMs: BATCH_TIMEOUT_MS },
      );
      changed.push(...batch.map(keyPreview));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const message = `Nothing in its batch changed: ${error.message}`;
      skipped.push(
        ...batch.map((key) => ({ id: key.id, label: key.label, reason: "conflict" as const, message })),
      );
    }
  }
  return { action: plan.action, dryRun: false, requested: plan.requested, changed, skipped };
}

/**
 * The console's bulk change: the chosen keys (or every key the table's filter matches, in the
 * page's scope), planned, then previewed (dry run) or applied. A revocation needs the typed
 * count ("revoke 12 keys", for the keys that will change) and a fresh step-up.
 */
export async function bulkChangeKeys(ctx: Ctx, input: BulkKeysData): Promise<BulkReport> {
  const scope = input.systemId
    ? { type: "system" as const, systemId: input.systemId }
    : { type: "organization" as const };
  const keyIds =
    input.keyIds ??
    (input.filter
      ? await listMatchingKeyIds(
          ctx.organizationId,
          { scope, q: input.filter.q, states: input.filter.state, expiresWithin: input.filter.expiresWithin },
          BULK_MAX_KEYS,
        )
      : []);
  if (keyIds.length === 0) throw fieldError("keyIds", "Choose at least one key.");
  const access = await userKeyAccess(ctx.actor.id ?? "", "manage", { organizationId: ctx.organizationId });
  // A key outside the page's scope is not this page's to change.
  const inScope: MayManageKey = (systemId) =>
    systemId === (input.systemId ?? null) && access.allows(ctx.organizationId, systemId);
  const plan = await planBulk(getDb(), ctx.organizationId, input.action, keyIds, inScope);
  if (input.dryRun) return previewBulk(ctx.organizationId, plan);
  if (input.action === "revoke") {
    const expected = bulkRevokeConfirmation(plan.eligible.length);
    if ((input.confirm ?? "").trim().toLowerCase() !== expected) {
      throw new AppError("VALIDATION_FAILED", `Type "${expected}" to confirm.`, {
        confirm: `Type "${expected}".`,
      });
    }
    requireFreshStepUp(ctx, "Revoking keys");
  }
  return applyBulk(ctx, plan);
}
