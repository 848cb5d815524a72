import type { z } from "zod";
import { auditTarget, writeAudit } from "@/lib/audit/write";
import { isSystemRole, type SystemRole } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { conflict, fieldError, notFound } from "@/lib/errors";
import { assertMayGrantSystemRole, lockAndRecheck } from "./guard";
import type { addSystemMemberSchema, changeSystemMemberRoleSchema, systemMemberRefSchema } from "./schemas";

// Core functions for a system's admins and members (org owners and admins, and the system's own
// admins). Only people who are already members of the system's organization, with the "member"
// role, can be given a system role: owners and admins manage every system anyway, and an auditor
// must not gain write access through a system role.

type AddData = z.output<typeof addSystemMemberSchema>;
type ChangeData = z.output<typeof changeSystemMemberRoleSchema>;
type RefData = z.output<typeof systemMemberRefSchema>;

const ONLY_MEMBERS_MESSAGE =
  "Only organization members with the Member role get system roles; owners, admins and auditors already see every system.";

async function loadSystem(tx: Tx, ctx: Ctx, systemId: string) {
  const system = await tx.system.findFirst({
    where: { id: systemId, organizationId: ctx.organizationId },
    select: { id: true, name: true },
  });
  if (!system) throw notFound("The system");
  return system;
}

export async function addSystemMember(
  ctx: Ctx,
  input: AddData,
  tx: Tx,
): Promise<{ userId: string; email: string; role: SystemRole }> {
  await lockAndRecheck(tx, ctx, "system-members:manage", input.systemId);
  const system = await loadSystem(tx, ctx, input.systemId);
  // The person must belong to this system's organization: an id from elsewhere is a form error.
  const membership = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: ctx.organizationId, userId: input.userId } },
    select: { role: true, user: { select: { id: true, email: true } } },
  });
  if (!membership) throw fieldError("userId", "Choose a member of this organization.");
  if (membership.role !== "member") throw fieldError("userId", ONLY_MEMBERS_MESSAGE);
  assertMayGrantSystemRole(ctx, null, input.role);
  const user = membership.user;
  await tx.systemMember
    .create({
      data: { organizationId: ctx.organizationId, systemId: system.id, userId: user.id, role: input.role },
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error)
        ? conflict(`${user.email} already belongs to this system.`, "userId")
        : error;
    });
  await writeAudit(tx, ctx, {
    action: "system_member.added",
    ...auditTarget("user", user.id, user.email),
    changes: { systemRole: { before: null, after: input.role } },
    metadata: { system: { id: system.id, name: system.name } },
  });
  return { userId: user.id, email: user.email, role: input.role };
}

async function loadSystemMember(tx: Tx, ctx: Ctx, systemId: string, userId: string) {
  const row = await tx.systemMember.findFirst({
    where: { organizationId: ctx.organizationId, systemId, userId },
    select: { id: true, role: true, user: { select: { id: true, email: true } } },
  });
  if (!row) throw notFound("The system member");
  return row;
}

export async function changeSystemMemberRole(
  ctx: Ctx,
  input: ChangeData,
  tx: Tx,
): Promise<{ userId: string; role: SystemRole; changed: boolean }> {
  await lockAndRecheck(tx, ctx, "system-members:manage", input.systemId);
  const system = await loadSystem(tx, ctx, input.systemId);
  const row = await loadSystemMember(tx, ctx, system.id, input.userId);
  if (row.role === input.role) return { userId: row.user.id, role: input.role, changed: false };
  assertMayGrantSystemRole(ctx, isSystemRole(row.role) ? row.role : null, input.role);
  await tx.systemMember.update({
    where: { id: row.id, organizationId: ctx.organizationId },
    data: { role: input.role },
  });
  await writeAudit(tx, ctx, {
    action: "system_member.role_changed",
    ...auditTarget("user", row.user.id, row.user.email),
    changes: { systemRole: { before: row.role, after: input.role } },
    metadata: { system: { id: system.id, name: system.name } },
  });
  return { userId: row.user.id, role: input.role, changed: true };
}

export async function removeSystemMember(
  ctx: Ctx,
  input: RefData,
  tx: Tx,
): Promise<{ userId: string; removedSelf: boolean }> {
  await lockAndRecheck(tx, ctx, "system-members:manage", input.systemId);
  const system = await loadSystem(tx, ctx, input.systemId);
  const row = await loadSystemMember(tx, ctx, system.id, input.userId);
  await tx.systemMember.delete({ where: { id: row.id, organizationId: ctx.organizationId } });
  await writeAudit(tx, ctx, {
    action: "system_member.removed",
    ...auditTarget("user", row.user.id, row.user.email),
    changes: { systemRole: { before: row.role, after: null } },
    metadata: { system: { id: system.id, name: system.name } },
  });
  const removedSelf = ctx.actor.type === "user" && ctx.actor.id === row.user.id;
  return { userId: row.user.id, removedSelf };
}
