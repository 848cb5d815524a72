import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { createdChanges } from "@/lib/audit/write";
import { keyAuditSnapshot, recordKeyChange, withoutUnusedFields } from "./audit";
import { assertMayGrant } from "./grants";
import { requireKeyDetails, type KeyWithSecrets } from "./details";
import { resolveExpiry, type KeyPolicy } from "./policy";
import { resolvePermissions, resolveSystem, resolveSystemLimits } from "./references";
import type { ExpiryChoice } from "./field-schemas";
import type { createKeySchema } from "./schemas";
import { issueSecret } from "./secrets";
import { usageColumns } from "./usage-columns";
import { creationWidenings } from "./widening";

export type CreateKeyData = z.output<typeof createKeySchema>;

export async function createKey(ctx: Ctx, input: CreateKeyData, tx: Tx): Promise<KeyWithSecrets> {
  // The wrapper resolved the organization from the system when one is given; a client-sent
  // organization id that disagrees means the system belongs elsewhere.
  if (input.organizationId !== ctx.organizationId)
    throw fieldError("systemId", "Choose a system of this organization.");
  const organizationId = ctx.organizationId;
  const isSystemKey = input.systemId !== null;
  const system = input.systemId ? await resolveSystem(tx, organizationId, input.systemId) : null;
  const policy = await getKeyPolicy(tx, organizationId);
  const expiresAt = resolveCreateExpiry(policy, input.expiry);
  if (input.customSecret !== undefined && !policy.allowCustomSecrets) {
    throw fieldError("customSecret", "This organization's key policy does not allow custom secrets.");
  }
  const permissions = await resolvePermissions(tx, organizationId, input.permissions, isSystemKey);
  const limits = await resolveSystemLimits(tx, organizationId, input.systemLimits, isSystemKey);
  await assertMayGrant(ctx, tx, {
    widenings: creationWidenings(permissions.map((p) => p.name)),
    allowedCidrs: input.allowedCidrs,
    created: true,
  });

  const created = await tx.apiKey.create({
    data: {
      organizationId,
      systemId: system?.id ?? null,
      label: input.label,
      description: input.description,
      allowedCidrs: input.allowedCidrs,
      expiresAt,
      createdById: ctx.actor.type === "user" ? ctx.actor.id : null,
      createdByKeyId: ctx.actor.type === "key" ? ctx.actor.id : null,
      permissions: { create: permissions.map((p) => ({ permissionId: p.id })) },
      systemLimits: { create: limits.map((s) => ({ systemId: s.id })) },
      ...usageColumns(input, Date.now()),
    },
    select: { id: true, organizationId: true, label: true },
  });
  const retrievable = policy.retrievableSecrets;
  const primary = await issueSecret(tx, created, "primary", { retrievable, customValue: input.customSecret });
  const secondary = input.withSecondary ? await issueSecret(tx, created, "secondary", { retrievable }) : null;

  const snapshot = keyAuditSnapshot({ ...input, expiresAt, systemLimits: limits });
  await recordKeyChange(tx, ctx, created, {
    action: "key.created",
    changes: createdChanges(withoutUnusedFields(snapshot)),
    metadata: {
      scope: system ? { type: "system", id: system.id, name: system.name } : { type: "organization" },
      customSecret: input.customSecret !== undefined,
      retrievable,
      hints: { primary: primary.hint, ...(secondary ? { secondary: secondary.hint } : {}) },
    },
  });
  const key = await requireKeyDetails(tx, organizationId, created.id);
  return { key, secrets: { primary: primary.value, ...(secondary ? { secondary: secondary.value } : {}) } };
}

function resolveCreateExpiry(policy: KeyPolicy, choice: ExpiryChoice | undefined): Date {
  const requested = choice === undefined ? undefined : "date" in choice ? choice.date : { days: choice.days };
  const result = resolveExpiry(policy, requested);
  if (!result.ok) throw fieldError("expiry", `${result.message}.`);
  return result.expiresAt;
}
