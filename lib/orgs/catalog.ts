import type { z } from "zod";
import { auditTarget, createdChanges, deletedChanges, diffFields, writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { createUnique, isForeignKeyViolation } from "@/lib/db/errors";
import { conflict, notFound } from "@/lib/errors";
import type { addPermissionSchema, removePermissionSchema, updatePermissionSchema } from "./settings-schemas";

// The organization's permission catalog, which keys pick their permissions from. `keys:manage`
// is built in (the REST API checks it) and cannot be removed.

export type CatalogPermission = { id: string; name: string; description: string; builtIn: boolean };

const permissionSelect = { id: true, name: true, description: true, builtIn: true } as const;
const SHOWN_HOLDERS = 5;

const nameTaken = (name: string) => conflict(`A permission named “${name}” already exists.`, "name");

export async function addPermission(
  ctx: Ctx,
  input: z.output<typeof addPermissionSchema>,
  tx: Tx,
): Promise<CatalogPermission> {
  const permission = await createUnique(
    tx.permission.findUnique({
      where: { organizationId_name: { organizationId: ctx.organizationId, name: input.name } },
      select: { id: true },
    }),
    () =>
      tx.permission.create({
        data: { organizationId: ctx.organizationId, name: input.name, description: input.description },
        select: permissionSelect,
      }),
    () => nameTaken(input.name),
  );
  await writeAudit(tx, ctx, {
    action: "permission.added",
    ...auditTarget("permission", permission.id, permission.name),
    changes: createdChanges({ name: permission.name, description: permission.description }),
  });
  return permission;
}

export async function updatePermissionDescription(
  ctx: Ctx,
  input: z.output<typeof updatePermissionSchema>,
  tx: Tx,
): Promise<CatalogPermission> {
  const before = await findPermission(tx, ctx, input.permissionId);
  const changes = diffFields(before, { description: input.description });
  if (!changes) return before;
  await tx.permission.updateMany({
    where: { id: before.id, organizationId: ctx.organizationId },
    data: { description: input.description },
  });
  await writeAudit(tx, ctx, {
    action: "permission.updated",
    ...auditTarget("permission", before.id, before.name),
    changes,
  });
  return { ...before, description: input.description };
}

/**
 * Removes a permission no live key holds. Revoked keys can never be edited again, so they would
 * pin the permission forever: their links are dropped (the audit log keeps what they held).
 */
export async function removePermission(
  ctx: Ctx,
  input: z.output<typeof removePermissionSchema>,
  tx: Tx,
): Promise<{ id: string }> {
  const permission = await findPermission(tx, ctx, input.permissionId);
  if (permission.builtIn) throw conflict(`${permission.name} is built in and cannot be removed.`);
  const liveHolders = {
    permissionId: permission.id,
    key: { organizationId: ctx.organizationId, state: { not: "revoked" } },
  };
  // One query after the other: a transaction is a single connection.
  const count = await tx.keyPermission.count({ where: liveHolders });
  if (count > 0) {
    const holders = await tx.keyPermission.findMany({
      where: liveHolders,
      select: { key: { select: { label: true } } },
      orderBy: { key: { label: "asc" } },
      take: SHOWN_HOLDERS,
    });
    throw inUse(
      permission.name,
      count,
      holders.map((h) => h.key.label),
    );
  }
  const detached = await tx.keyPermission.deleteMany({
    where: { permissionId: permission.id, key: { organizationId: ctx.organizationId, state: "revoked" } },
  });
  await tx.permission
    .deleteMany({ where: { id: permission.id, organizationId: ctx.organizationId } })
    .catch((error: unknown) => {
      // A key was given this permission while we checked: the foreign key refuses the delete.
      throw isForeignKeyViolation(error)
        ? conflict(`“${permission.name}” was just given to a key. Reload and try again.`)
        : error;
    });
  await writeAudit(tx, ctx, {
    action: "permission.removed",
    ...auditTarget("permission", permission.id, permission.name),
    changes: deletedChanges({ name: permission.name }),
    metadata: detached.count > 0 ? { detachedFromRevokedKeys: detached.count } : null,
  });
  return { id: permission.id };
}

async function findPermission(tx: Tx, ctx: Ctx, permissionId: string): Promise<CatalogPermission> {
  const permission = await tx.permission.findFirst({
    where: { id: permissionId, organizationId: ctx.organizationId },
    select: permissionSelect,
  });
  if (!permission) throw notFound("The permission");
  return permission;
}

function inUse(name: string, count: number, labels: string[]) {
  const more = count - labels.length;
  const list = labels.map((label) => `“${label}”`).join(", ") + (more > 0 ? ` and ${more} more` : "");
  const keys = count === 1 ? "1 key" : `${count} keys`;
  return conflict(
    `“${name}” is held by ${keys}: ${list}. Remove it from ${count === 1 ? "that key" : "those keys"} first.`,
  );
}
