import { dbProvider, type Prisma, type Tx } from "@/lib/db";
import type { Ctx } from "@/lib/context";
import type { AuditAction } from "./action-names";
import { computeEntryHash, GENESIS_HASH } from "./chain";

export type AuditInput = {
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  targetLabel?: string | null;
  changes?: Record<string, { before: unknown; after: unknown }> | null;
  metadata?: Record<string, unknown> | null;
  outcome?: "success" | "denied" | "failed";
};

type AuditCtx = Pick<Ctx, "actor" | "organizationId" | "meta">;

/** An entry's target in one line: `...auditTarget("system", system.id, system.name)`. */
export function auditTarget(
  targetType: string,
  targetId: string | null,
  targetLabel: string | null,
): Pick<AuditInput, "targetType" | "targetId" | "targetLabel"> {
  return { targetType, targetId, targetLabel };
}

/**
 * Appends one entry to the organization's chain inside the caller's transaction, so the change
 * and its entry commit or fail together. On PostgreSQL the organization row is locked first so
 * concurrent writers queue up instead of forking the chain; SQLite serializes write transactions.
 */
export async function writeAudit(tx: Tx, ctx: AuditCtx, input: AuditInput): Promise<void> {
  if (dbProvider() === "postgresql") {
    await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${ctx.organizationId} FOR NO KEY UPDATE`;
  }
  const last = await tx.auditEntry.findFirst({
    where: { organizationId: ctx.organizationId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const fields = {
    organizationId: ctx.organizationId,
    seq: (last?.seq ?? 0) + 1,
    createdAt: new Date(),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent ? ctx.meta.userAgent.slice(0, 512) : null,
    action: input.action,
    outcome: input.outcome ?? "success",
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    targetLabel: input.targetLabel ?? null,
    changes: input.changes ?? null,
    metadata: input.metadata ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.auditEntry.create({
    data: {
      ...fields,
      changes: (fields.changes ?? undefined) as Prisma.InputJsonValue | undefined,
      metadata: (fields.metadata ?? undefined) as Prisma.InputJsonValue | undefined,
      hash: computeEntryHash(fields),
    },
  });
}

/** The before/after of the fields that actually changed; undefined when nothing did. */
export function diffFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { before: unknown; after: unknown }> | undefined {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const [field, next] of Object.entries(after)) {
    if (next === undefined) continue;
    const prev = before[field];
    if (JSON.stringify(prev) !== JSON.stringify(next)) changes[field] = { before: prev ?? null, after: next };
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

type Changes = Record<string, { before: unknown; after: unknown }>;

/** { field: { before: null, after } } for every field of a new row. */
export function createdChanges(after: Record<string, unknown>): Changes {
  return Object.fromEntries(
    Object.entries(after).map(([field, value]) => [field, { before: null, after: value }]),
  );
}

/** { field: { before, after: null } } for every field of a removed row. */
export function deletedChanges(before: Record<string, unknown>): Changes {
  return Object.fromEntries(
    Object.entries(before).map(([field, value]) => [field, { before: value, after: null }]),
  );
}
