import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordKeyChange } from "./audit";
import { requireKeyDetails, type KeyDetails } from "./details";
import { assertConfirmLabel, loadKey, lockKey } from "./guards";
import type { revokeKeySchema } from "./schemas";

/** The step-up code is checked by the entry point (server actions); REST routes have none. */
export type RevokeKeyData = Omit<z.output<typeof revokeKeySchema>, "totpCode">;

/**
 * Ends the key for good. Besides the state, every secret row is deleted, so nothing can verify
 * again even if a cache or a bug ignored the state. The key stays visible, marked revoked.
 */
export async function revokeKey(ctx: Ctx, input: RevokeKeyData, tx: Tx): Promise<{ key: KeyDetails }> {
  const key = await loadKey(tx, ctx, input.keyId);
  if (key.state === "revoked") throw new AppError("CONFLICT", "This key is already revoked.");
  assertConfirmLabel(key, input.confirmLabel);
  // The lock comes first: a roll or regenerate that committed before it has its new secret
  // deleted below; one that comes after finds the key revoked and fails.
  await lockKey(tx, key, { data: { state: "revoked", revokedAt: new Date() } });
  const removed = await tx.keySecret.deleteMany({
    where: { keyId: key.id, organizationId: key.organizationId },
  });
  await recordKeyChange(tx, ctx, key, {
    action: "key.revoked",
    changes: { state: { before: key.state, after: "revoked" } },
    metadata: { secretsDeleted: removed.count },
  });
  return { key: await requireKeyDetails(tx, key.organizationId, key.id) };
}
