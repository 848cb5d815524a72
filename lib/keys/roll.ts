import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { recordKeyChange } from "./audit";
import { requireKeyDetails, type KeyWithSecrets } from "./details";
import { assertNotExpired, assertNotRevoked, loadKey, lockKey } from "./guards";
import { resolveGraceEnd } from "./policy";
import type { rollKeySchema } from "./schemas";
import { issueSecret } from "./secrets";

/** The step-up code is checked by the entry point (server actions); REST routes have none. */
export type RollKeyData = Omit<z.output<typeof rollKeySchema>, "totpCode">;

/**
 * Makes a new primary secret. The old primary becomes the "rolled" secret and keeps verifying
 * until the grace end ("now" deletes it at once). Only one grace window runs at a time: a secret
 * still in an earlier window is ended here. The secondary is untouched.
 */
export async function rollKey(ctx: Ctx, input: RollKeyData, tx: Tx): Promise<KeyWithSecrets> {
  const key = await loadKey(tx, ctx, input.keyId);
  assertNotRevoked(key, "rolled");
  assertNotExpired(key, "rolled");
  const grace = resolveGraceEnd(input.grace, key.expiresAt);
  if (!grace.ok) throw fieldError("grace", `${grace.message}.`);
  await lockKey(tx, key, { expectedVersion: input.expectedVersion });

  // Read after the lock: these are the secrets as they are now, not before a racing change.
  const where = { keyId: key.id, organizationId: key.organizationId };
  const current = await tx.keySecret.findFirst({
    where: { ...where, slot: "primary" },
    select: { id: true, hint: true },
  });
  const ended = await tx.keySecret.deleteMany({ where: { ...where, slot: "rolled" } });
  const immediate = grace.endsAt.getTime() <= Date.now();
  if (current && immediate) {
    await tx.keySecret.deleteMany({ where: { ...where, id: current.id } });
  } else if (current) {
    // The ciphertext is dropped: an outgoing secret is never shown again, only phased out.
    await tx.keySecret.updateMany({
      where: { ...where, id: current.id },
      data: { slot: "rolled", graceEndsAt: grace.endsAt, valueEnc: null },
    });
  }
  const policy = await getKeyPolicy(tx, key.organizationId);
  const primary = await issueSecret(tx, key, "primary", { retrievable: policy.retrievableSecrets });

  await recordKeyChange(tx, ctx, key, {
    action: "key.rolled",
    changes: { primarySecret: { before: current?.hint ?? null, after: primary.hint } },
    metadata: {
      grace: typeof input.grace === "string" ? input.grace : "date",
      graceEndsAt: immediate || !current ? null : grace.endsAt.toISOString(),
      clampedToKeyExpiry: grace.clampedToKeyExpiry,
      endedEarlierRolledSecrets: ended.count,
    },
  });
  return {
    key: await requireKeyDetails(tx, key.organizationId, key.id),
    secrets: { primary: primary.value },
  };
}
