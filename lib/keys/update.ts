import type { z } from "zod";
import { diffFields } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError, fieldError, notFound } from "@/lib/errors";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { keyAuditSnapshot, recordKeyChange } from "./audit";
import { readKeyDetails, requireKeyDetails, type KeyDetails } from "./details";
import { assertMayGrant } from "./grants";
import { KEY_CHANGED_MESSAGE, lockKey } from "./guards";
import { DAY_MS } from "@/lib/time";
import type { KeyPolicy } from "./policy";
import { resolvePermissions, resolveSystemLimits } from "./references";
import type { updateKeySchema } from "./schemas";
import { usageColumns } from "./usage-columns";
import { keyWidenings, type KeyReach } from "./widening";

export type UpdateKeyData = z.output<typeof updateKeySchema>;

/**
 * Edits label, description, permissions, IP ranges, expiry, system limits, rate limits, credits,
 * metadata and external id; omitted fields stay.
 */
export async function updateKey(ctx: Ctx, input: UpdateKeyData, tx: Tx): Promise<{ key: KeyDetails }> {
  const before = await readKeyDetails(tx, ctx.organizationId, input.keyId);
  if (!before) throw notFound("The key");
  if (before.state === "revoked") throw new AppError("CONFLICT", "This key is revoked; it cannot be edited.");
  const isSystemKey = before.systemId !== null;
  const permissions =
    input.permissions && (await resolvePermissions(tx, ctx.organizationId, input.permissions, isSystemKey));
  const limits =
    input.systemLimits &&
    (await resolveSystemLimits(tx, ctx.organizationId, input.systemLimits, isSystemKey));
  const expiresAt = input.expiresAt ?? before.expiresAt;
  // An unchanged expiry is not re-checked: a tightened policy must not block editing a label.
  if (expiresAt.getTime() !== before.expiresAt.getTime()) {
    checkEditedExpiry(await getKeyPolicy(tx, ctx.organizationId), before.createdAt, expiresAt);
  }

  const after = keyAuditSnapshot({
    label: input.label ?? before.label,
    description: input.description ?? before.description,
    permissions: permissions ? permissions.map((p) => p.name) : before.permissions,
    allowedCidrs: input.allowedCidrs ?? before.allowedCidrs,
    expiresAt,
    systemLimits: limits ?? before.systemLimits,
    ratelimits: input.ratelimits ?? before.ratelimits,
    credits: input.credits === undefined ? before.credits : input.credits,
    meta: input.meta === undefined ? before.meta : input.meta,
    externalId: input.externalId === undefined ? before.externalId : input.externalId,
  });
  const changes = diffFields(keyAuditSnapshot(before), after);
  if (!changes) {
    if (before.version !== input.expectedVersion) throw new AppError("CONFLICT", KEY_CHANGED_MESSAGE);
    return { key: before };
  }
  const afterReach: KeyReach = {
    permissions: after.permissions,
    allowedCidrs: after.allowedCidrs,
    expiresAt,
    systemLimits: limits ? limits.map((s) => s.id) : before.systemLimits.map((s) => s.id),
  };
  await assertMayGrant(ctx, tx, {
    widenings: keyWidenings(reachOf(before), afterReach),
    allowedCidrs: afterReach.allowedCidrs,
    created: false,
  });

  await lockKey(tx, before, {
    expectedVersion: input.expectedVersion,
    data: {
      label: after.label,
      description: after.description,
      allowedCidrs: after.allowedCidrs,
      expiresAt,
      // Only what changed: rewriting an unchanged balance would undo spends made since it was read.
      ...usageColumns(
        {
          ratelimits: changes.ratelimits ? after.ratelimits : undefined,
          credits: changes.credits ? after.credits : undefined,
          meta: changes.meta ? after.meta : undefined,
          externalId: changes.externalId ? after.externalId : undefined,
        },
        Date.now(),
      ),
    },
  });
  if (permissions && changes.permissions) await replacePermissions(tx, before, permissions);
  if (limits && changes.systemLimits) await replaceSystemLimits(tx, before, limits);
  await recordKeyChange(tx, ctx, { id: before.id, label: after.label }, { action: "key.updated", changes });
  return { key: await requireKeyDetails(tx, ctx.organizationId, before.id) };
}

function reachOf(key: KeyDetails): KeyReach {
  return {
    permissions: key.permissions,
    allowedCidrs: key.allowedCidrs,
    expiresAt: key.expiresAt,
    systemLimits: key.systemLimits.map((s) => s.id),
  };
}

/**
 * The policy bounds a key's whole lifetime: a new expiry must leave at least the minimum from now,
 * and may not take the key past the maximum counted from its creation (otherwise edits could
 * extend a key forever).
 */
function checkEditedExpiry(policy: KeyPolicy, createdAt: Date, expiresAt: Date): void {
  const now = Date.now();
  if (expiresAt.getTime() < now + policy.minLifetimeDays * DAY_MS) {
    throw fieldError("expiresAt", `Expiry must be at least ${days(policy.minLifetimeDays)} from now.`);
  }
  const latest = createdAt.getTime() + policy.maxLifetimeDays * DAY_MS;
  if (expiresAt.getTime() > latest) {
    const date = new Date(latest).toISOString().slice(0, 10);
    throw fieldError(
      "expiresAt",
      `Expiry cannot be more than ${days(policy.maxLifetimeDays)} after the key was created (${date}).`,
    );
  }
}

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
}

async function replacePermissions(tx: Tx, key: KeyDetails, permissions: { id: string }[]): Promise<void> {
  await tx.keyPermission.deleteMany({
    where: { keyId: key.id, key: { organizationId: key.organizationId } },
  });
  await tx.keyPermission.createMany({
    data: permissions.map((p) => ({ keyId: key.id, permissionId: p.id })),
  });
}

async function replaceSystemLimits(tx: Tx, key: KeyDetails, systems: { id: string }[]): Promise<void> {
  await tx.keySystemLimit.deleteMany({
    where: { keyId: key.id, key: { organizationId: key.organizationId } },
  });
  await tx.keySystemLimit.createMany({ data: systems.map((s) => ({ keyId: key.id, systemId: s.id })) });
}
