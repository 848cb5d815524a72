import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { recordKeyChange } from "./audit";
import { requireKeyDetails, type KeyWithSecrets } from "./details";
import { assertConfirmLabel, assertNotExpired, assertNotRevoked, loadKey, lockKey } from "./guards";
import type { regenerateSecretSchema } from "./schemas";
import { issueSecret } from "./secrets";

/** The step-up code is checked by the entry point (server actions); REST routes have none. */
export type RegenerateSecretData = Omit<z.output<typeof regenerateSecretSchema>, "totpCode">;

/**
 * Replaces one slot's secret at once: the old one stops verifying in this transaction, with no
 * grace period (that is what roll is for). A missing secondary is simply created ("add secondary").
 */
export async function regenerateSecret(
  ctx: Ctx,
  input: RegenerateSecretData,
  tx: Tx,
): Promise<KeyWithSecrets> {
  const key = await loadKey(tx, ctx, input.keyId);
  assertNotRevoked(key, "given a new secret");
  assertConfirmLabel(key, input.confirmLabel);
  assertNotExpired(key, "given a new secret");
  await lockKey(tx, key);

  const where = { keyId: key.id, organizationId: key.organizationId, slot: input.slot };
  const previous = await tx.keySecret.findFirst({ where, select: { hint: true } });
  await tx.keySecret.deleteMany({ where });
  const policy = await getKeyPolicy(tx, key.organizationId);
  const secret = await issueSecret(tx, key, input.slot, { retrievable: policy.retrievableSecrets });

  await recordKeyChange(tx, ctx, key, {
    action: "key.secret_regenerated",
    changes: { [`${input.slot}Secret`]: { before: previous?.hint ?? null, after: secret.hint } },
    metadata: { slot: input.slot, added: previous === null },
  });
  return {
    key: await requireKeyDetails(tx, key.organizationId, key.id),
    secrets: input.slot === "primary" ? { primary: secret.value } : { secondary: secret.value },
  };
}
