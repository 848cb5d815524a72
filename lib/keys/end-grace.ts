import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { recordKeyChange } from "./audit";
import { requireKeyDetails, type KeyDetails } from "./details";
import { oldSecretInUse } from "./grace";
import { loadKey, lockKey } from "./guards";
import type { endGraceSchema } from "./schemas";

/** The step-up code is checked by the entry point (the server action). */
export type EndGraceData = Omit<z.output<typeof endGraceSchema>, "totpCode">;

/**
 * **End grace now**: the rolled (old) secret stops verifying at once, before its grace end. Refused
 * (OLD_SECRET_IN_USE) while that secret verified within the last hour (lib/keys/grace.ts): ending
 * the grace then would break a client that has not switched yet. The secret row is deleted, as a
 * roll with grace "now" does; recordKeyChange drops it from every verify cache after the commit.
 */
export async function endGrace(ctx: Ctx, input: EndGraceData, tx: Tx): Promise<{ key: KeyDetails }> {
  const key = await loadKey(tx, ctx, input.keyId);
  await lockKey(tx, key);
  // Read after the lock: a racing roll has either replaced the rolled secret or not started.
  const where = { keyId: key.id, organizationId: key.organizationId, slot: "rolled" };
  const now = new Date();
  const rolled = await tx.keySecret.findFirst({
    where: { ...where, graceEndsAt: { gt: now } },
    select: { id: true, hint: true, slot: true, graceEndsAt: true, lastUsedAt: true },
  });
  if (!rolled) throw new AppError("CONFLICT", "This key has no old secret in a grace period.");
  if (oldSecretInUse(rolled, now)) {
    throw new AppError(
      "OLD_SECRET_IN_USE",
      `The old secret was used at ${formatDateTime(rolled.lastUsedAt)}: end the grace once it has been idle for an hour.`,
    );
  }
  await tx.keySecret.deleteMany({ where: { ...where, id: rolled.id } });
  await recordKeyChange(tx, ctx, key, {
    action: "key.grace_ended",
    changes: { rolledSecret: { before: rolled.hint, after: null } },
    metadata: {
      graceEndsAt: rolled.graceEndsAt?.toISOString() ?? null,
      lastUsedAt: rolled.lastUsedAt?.toISOString() ?? null,
    },
  });
  return { key: await requireKeyDetails(tx, key.organizationId, key.id) };
}
