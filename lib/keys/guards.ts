import type { Ctx } from "@/lib/context";
import type { Prisma, Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { isExpired } from "./policy";

// Checks shared by the lifecycle cores. Every core re-reads the key inside its transaction, then
// claims it with a compare-and-set update (lockKey) BEFORE touching its secrets: on PostgreSQL the
// update holds the key's row lock until commit, so concurrent changes to one key queue up and the
// loser sees the winner's version; SQLite runs write transactions one at a time anyway.

export const KEY_CHANGED_MESSAGE = "This key was changed by someone else. Reload and try again.";

export const keyForChangeSelect = {
  id: true,
  organizationId: true,
  systemId: true,
  label: true,
  state: true,
  expiresAt: true,
  createdAt: true,
  version: true,
} as const satisfies Prisma.ApiKeySelect;

export type KeyForChange = Prisma.ApiKeyGetPayload<{ select: typeof keyForChangeSelect }>;

export async function loadKey(tx: Tx, ctx: Ctx, keyId: string): Promise<KeyForChange> {
  const key = await tx.apiKey.findFirst({
    where: { id: keyId, organizationId: ctx.organizationId },
    select: keyForChangeSelect,
  });
  if (!key) throw notFound("The key");
  return key;
}

export function assertNotRevoked(key: KeyForChange, doing: string): void {
  if (key.state === "revoked") throw new AppError("CONFLICT", `This key is revoked; it cannot be ${doing}.`);
}

/** A new secret for an expired key could never verify; extending the expiry comes first. */
export function assertNotExpired(key: KeyForChange, doing: string): void {
  if (isExpired(key.expiresAt)) {
    throw new AppError("CONFLICT", `This key has expired; extend its expiry before it can be ${doing}.`);
  }
}

/** The typed label must match the key's label (destructive actions). */
export function assertConfirmLabel(key: KeyForChange, typed: string): void {
  if (typed.trim() !== key.label) {
    throw new AppError("VALIDATION_FAILED", "Type the key's label to confirm.", {
      confirmLabel: "The label does not match.",
    });
  }
}

/**
 * Claims the key for this transaction: bumps its version (and applies `data`) only if it is not
 * revoked and, when given, still at `expectedVersion`. Throws CONFLICT when someone else got there
 * first, so a stale form or a racing request never overwrites a newer change.
 */
export async function lockKey(
  tx: Tx,
  key: { id: string; organizationId: string },
  options: { expectedVersion?: number; data?: Prisma.ApiKeyUpdateManyMutationInput } = {},
): Promise<void> {
  const { count } = await tx.apiKey.updateMany({
    where: {
      id: key.id,
      organizationId: key.organizationId,
      state: { not: "revoked" },
      ...(options.expectedVersion !== undefined ? { version: options.expectedVersion } : {}),
    },
    data: { ...options.data, version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("CONFLICT", KEY_CHANGED_MESSAGE);
}
