import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordKeyChange } from "./audit";
import { requireKeyDetails, type KeyDetails } from "./details";
import { assertConfirmLabel, loadKey, lockKey, type KeyForChange } from "./guards";
import type { revokeKeySchema } from "./schemas";

/** The step-up code is checked by the entry point (server actions); REST routes have none. */
export type RevokeKeyData = Omit<z.output<typeof revokeKeySchema>, "totpCode">;

/**
 * Ends the key for good: the state gates every verification, so each of its secrets is answered
 * REVOKED from now on (a rolled secret until its grace end, then NOT_FOUND), which tells a data
 * plane's operator what happened. Only the hashes and hints stay: retrievable secret values are
 * erased. The key stays visible, marked revoked, until it is deleted.
 */
export async function revokeKey(ctx: Ctx, input: RevokeKeyData, tx: Tx): Promise<{ key: KeyDetails }> {
  const key = await loadKey(tx, ctx, input.keyId);
  if (key.state === "revoked") throw new AppError("CONFLICT", "This key is already revoked.");
  assertConfirmLabel(key, input.confirmLabel);
  await revokeLoadedKey(ctx, key, tx);
  return { key: await requireKeyDetails(tx, key.organizationId, key.id) };
}

/**
 * The revocation itself, for a key already read in `tx` (the bulk core, lib/keys/bulk.ts, checks
 * its own confirmation). With `expectedVersion`, a key changed since it was read fails (CONFLICT).
 */
export async function revokeLoadedKey(
  ctx: Ctx,
  key: KeyForChange,
  tx: Tx,
  expectedVersion?: number,
): Promise<void> {
  // The lock comes first: a roll or regenerate that committed before it has its new secret
  // revoked with the rest; one that comes after finds the key revoked and fails.
  await lockKey(tx, key, { expectedVersion, data: { state: "revoked", revokedAt: new Date() } });
  await eraseStoredSecrets(tx, key);
  await recordKeyChange(tx, ctx, key, {
    action: "key.revoked",
    changes: { state: { before: key.state, after: "revoked" } },
  });
}

/** A revoked key keeps only hashes and hints: retrievable secret values are erased. */
export async function eraseStoredSecrets(tx: Tx, key: { id: string; organizationId: string }): Promise<void> {
  await tx.keySecret.updateMany({
    where: { keyId: key.id, organizationId: key.organizationId, valueEnc: { not: null } },
    data: { valueEnc: null },
  });
}
