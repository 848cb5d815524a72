import type { z } from "zod";
import { auditTarget, createdChanges, diffFields, writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError, conflict, notFound } from "@/lib/errors";
import { slugify } from "@/lib/orgs/schemas";
import { createUnique, uniqueOr } from "@/lib/db/errors";
import type { createSystemSchema, deleteSystemSchema, updateSystemSchema } from "./schemas";

// Core functions for systems: the server actions and the REST routes both call these inside
// one transaction; each writes its audit entry in that transaction.

export type SystemSummary = { id: string; name: string; slug: string; description: string };

const systemSelect = { id: true, name: true, slug: true, description: true } as const;

const nameTaken = (name: string) =>
  conflict(`A system named “${name}” already exists in this organization.`, "name");

export async function createSystem(
  ctx: Ctx,
  input: z.output<typeof createSystemSchema>,
  tx: Tx,
): Promise<SystemSummary> {
  const slug = slugify(input.name);
  const system = await createUnique(
    tx.system.findUnique({
      where: { organizationId_slug: { organizationId: ctx.organizationId, slug } },
      select: { id: true },
    }),
    () =>
      tx.system.create({
        data: { organizationId: ctx.organizationId, name: input.name, slug, description: input.description },
        select: systemSelect,
      }),
    () => nameTaken(input.name),
  );
  await writeAudit(tx, ctx, {
    action: "system.created",
    ...auditTarget("system", system.id, system.name),
    changes: createdChanges({ name: system.name, description: system.description }),
  });
  return system;
}

export async function updateSystem(
  ctx: Ctx,
  input: z.output<typeof updateSystemSchema>,
  tx: Tx,
): Promise<SystemSummary> {
  const before = await tx.system.findFirst({
    where: { id: input.systemId, organizationId: ctx.organizationId },
    select: systemSelect,
  });
  if (!before) throw notFound("The system");
  const slug = slugify(input.name);
  if (slug !== before.slug) {
    const clash = await tx.system.findUnique({
      where: { organizationId_slug: { organizationId: ctx.organizationId, slug } },
      select: { id: true },
    });
    if (clash) throw nameTaken(input.name);
  }
  const changes = diffFields(before, { name: input.name, description: input.description });
  if (!changes) return before;
  const system = await uniqueOr(
    tx.system.update({
      where: { id: before.id, organizationId: ctx.organizationId },
      data: { name: input.name, slug, description: input.description },
      select: systemSelect,
    }),
    () => nameTaken(input.name),
  );
  await writeAudit(tx, ctx, {
    action: "system.updated",
    ...auditTarget("system", system.id, system.name),
    changes,
  });
  return system;
}

export async function deleteSystem(
  ctx: Ctx,
  input: z.output<typeof deleteSystemSchema>,
  tx: Tx,
): Promise<{ id: string }> {
  const system = await tx.system.findFirst({
    where: { id: input.systemId, organizationId: ctx.organizationId },
    select: { id: true, name: true },
  });
  if (!system) throw notFound("The system");
  if (input.confirmName.trim() !== system.name) {
    throw new AppError("VALIDATION_FAILED", "Type the system's name to confirm.", {
      confirmName: "The name does not match.",
    });
  }
  const liveKeys = await tx.apiKey.count({
    where: { organizationId: ctx.organizationId, systemId: system.id, state: { not: "revoked" } },
  });
  if (liveKeys > 0) {
    throw conflict(
      `“${system.name}” still has ${liveKeys} active ${liveKeys === 1 ? "key" : "keys"}. Revoke ${liveKeys === 1 ? "it" : "them"} before deleting the system.`,
    );
  }
  // Revoked keys cannot outlive their system; their audit entries stay.
  const removed = await tx.apiKey.deleteMany({
    where: { organizationId: ctx.organizationId, systemId: system.id },
  });
  await tx.system.delete({ where: { id: system.id, organizationId: ctx.organizationId } });
  await writeAudit(tx, ctx, {
    action: "system.deleted",
    ...auditTarget("system", system.id, system.name),
    metadata: { revokedKeysRemoved: removed.count },
  });
  return { id: system.id };
}
