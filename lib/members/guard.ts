import {
  can,
  isOrgRole,
  isSystemRole,
  orgRoleGrantNeedsStepUp,
  systemRoleGrantNeedsStepUp,
  type OrgRole,
  type Permission,
  type RoleSet,
  type SystemRole,
} from "@/lib/auth/permissions";
import { requireFreshStepUp } from "@/lib/auth/step-up";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError, conflict } from "@/lib/errors";
import { lockOrganization } from "@/lib/orgs/lock";

// Membership changes decide who may do anything else, so they re-check inside their own
// transaction, with the organization's row locked (PostgreSQL; SQLite runs write transactions one
// at a time): the caller's role as it is now, and the invariant that an organization keeps an owner.

/**
 * Locks the organization and re-reads the caller's roles: a caller demoted a moment ago (after
 * the wrapper's check, before this transaction) is refused instead of acting on a stale role.
 */
export async function lockAndRecheck(
  tx: Tx,
  ctx: Ctx,
  permission: Permission,
  systemId: string | null = null,
): Promise<void> {
  await lockOrganization(tx, ctx.organizationId);
  if (ctx.actor.type !== "user") return;
  const membership = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: ctx.organizationId, userId: ctx.actor.id } },
    select: { role: true },
  });
  let roles: RoleSet | null = null;
  if (membership && isOrgRole(membership.role)) {
    const systemMember = systemId
      ? await tx.systemMember.findFirst({
          where: { organizationId: ctx.organizationId, systemId, userId: ctx.actor.id },
          select: { role: true },
        })
      : null;
    const systemRole = systemMember && isSystemRole(systemMember.role) ? systemMember.role : null;
    roles = { orgRole: membership.role, systemRole };
  }
  if (!can(roles, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this action.");
}

const LAST_OWNER_MESSAGE = "An organization needs at least one owner. Make someone else an owner first.";

/** Refuses when `userId` is the organization's only owner (call with the organization locked). */
export async function assertAnotherOwner(tx: Tx, organizationId: string, userId: string): Promise<void> {
  const others = await tx.membership.count({
    where: { organizationId, role: "owner", userId: { not: userId } },
  });
  if (others === 0) throw conflict(LAST_OWNER_MESSAGE);
}

/** A grant over keys through a role needs a fresh step-up from a person (README, "Security model"). */
export function assertMayGrantOrgRole(ctx: Ctx, before: OrgRole | null, after: OrgRole): void {
  if (!orgRoleGrantNeedsStepUp(before, after)) return;
  requireFreshStepUp(ctx, after === "owner" ? "Making someone an owner" : "Making someone an admin");
}

export function assertMayGrantSystemRole(ctx: Ctx, before: SystemRole | null, after: SystemRole): void {
  if (systemRoleGrantNeedsStepUp(before, after)) requireFreshStepUp(ctx, "Making someone a system admin");
}
