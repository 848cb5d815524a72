import type { z } from "zod";
import { clearTotpFailures } from "@/lib/auth/throttle";
import { auditTarget, writeAudit } from "@/lib/audit/write";
import { issueSetPasswordToken, voidPasswordTokens } from "@/lib/auth/password-tokens";
import { inviteMember, type IssuedInvitation } from "./invitations";
import { isOrgRole, type OrgRole } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { assertAnotherOwner, assertMayGrantOrgRole, assertMayGrantSystemRole, lockAndRecheck } from "./guard";
import type { addMemberSchema, changeMemberRoleSchema, memberRefSchema } from "./schemas";

// Core functions for an organization's members (owners only, per the permission table). Each
// runs inside the action's transaction with its audit entry. Access follows at once: every page
// and action reads the membership from the database on each request.

type AddMemberData = z.output<typeof addMemberSchema>;
type ChangeRoleData = z.output<typeof changeMemberRoleSchema>;
type MemberRefData = z.output<typeof memberRefSchema>;

/**
 * Adds a person by email: always through an invitation (lib/members/invitations.ts), with the
 * same answer whether the email has an account or not, so the form reveals no account of another
 * organization and adds nobody before they accept.
 */
export async function addMember(ctx: Ctx, input: AddMemberData, tx: Tx): Promise<IssuedInvitation> {
  return inviteMember(ctx, { email: input.email, role: input.role }, tx);
}

async function loadMember(tx: Tx, ctx: Ctx, userId: string) {
  const member = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: ctx.organizationId, userId } },
    select: {
      id: true,
      role: true,
      user: { select: { id: true, email: true, name: true, passwordHash: true } },
    },
  });
  if (!member) throw notFound("The member");
  return member;
}

/** Changes a member's role. The last owner cannot be demoted; system roles belong to members only. */
export async function changeMemberRole(
  ctx: Ctx,
  input: ChangeRoleData,
  tx: Tx,
): Promise<{ userId: string; role: OrgRole; changed: boolean }> {
  await lockAndRecheck(tx, ctx, "members:manage");
  const member = await loadMember(tx, ctx, input.userId);
  if (member.role === input.role) return { userId: member.user.id, role: input.role, changed: false };
  if (isOrgRole(member.role)) assertMayGrantOrgRole(ctx, member.role, input.role);
  if (member.role === "owner") await assertAnotherOwner(tx, ctx.organizationId, member.user.id);
  await tx.membership.update({
    where: { id: member.id, organizationId: ctx.organizationId },
    data: { role: input.role },
  });
  // Owners and admins manage every system and auditors read every system and change nothing, so
  // a system role would only widen an auditor's rights: system roles are kept for members only.
  const systemRoles =
    input.role === "member"
      ? 0
      : (
          await tx.systemMember.deleteMany({
            where: { organizationId: ctx.organizationId, userId: member.user.id },
          })
        ).count;
  await writeAudit(tx, ctx, {
    action: "member.role_changed",
    ...auditTarget("user", member.user.id, member.user.email),
    changes: { role: { before: member.role, after: input.role } },
    metadata: systemRoles > 0 ? { systemRolesRemoved: systemRoles } : null,
  });
  return { userId: member.user.id, role: input.role, changed: true };
}

/**
 * Removes a member and their system roles. The last owner cannot be removed. A person left in no
 * organization at all also loses their sessions and any unused set-password link.
 */
export async function removeMember(
  ctx: Ctx,
  input: MemberRefData,
  tx: Tx,
): Promise<{ userId: string; removedSelf: boolean }> {
  await lockAndRecheck(tx, ctx, "members:manage");
  const member = await loadMember(tx, ctx, input.userId);
  if (member.role === "owner") await assertAnotherOwner(tx, ctx.organizationId, member.user.id);
  const systemRoles = await tx.systemMember.deleteMany({
    where: { organizationId: ctx.organizationId, userId: member.user.id },
  });
  await tx.membership.delete({ where: { id: member.id, organizationId: ctx.organizationId } });
  const remaining = await tx.membership.count({ where: { userId: member.user.id } });
  let sessionsEnded = 0;
  if (remaining === 0) {
    await voidPasswordTokens(tx, member.user.id);
    sessionsEnded = (
      await tx.session.updateMany({
        where: { userId: member.user.id, revokedAt: null },
        data: { revokedAt: new Date() },
      })
    ).count;
  }
  await writeAudit(tx, ctx, {
    action: "member.removed",
    ...auditTarget("user", member.user.id, member.user.email),
    changes: { role: { before: member.role, after: null } },
    metadata: { systemRolesRemoved: systemRoles.count, sessionsEnded },
  });
  const removedSelf = ctx.actor.type === "user" && ctx.actor.id === member.user.id;
  return { userId: member.user.id, removedSelf };
}

/**
 * Clears a member's authenticator-code failures, and with them the lock at the hard cap (100
 * consecutive wrong codes, lib/auth/throttle.ts): owners only, with a fresh step-up, audited.
 */
export async function unlockTwoFactor(
  ctx: Ctx,
  input: MemberRefData,
  tx: Tx,
): Promise<{ failuresCleared: number }> {
  await lockAndRecheck(tx, ctx, "members:manage");
  const member = await loadMember(tx, ctx, input.userId);
  const failuresCleared = await clearTotpFailures(member.user.id, tx);
  await writeAudit(tx, ctx, {
    action: "member.two_factor_unlocked",
    ...auditTarget("user", member.user.id, member.user.email),
    metadata: { failuresCleared },
  });
  return { failuresCleared };
}

/** A new set-password link for a member who has not set a password yet; earlier links stop working. */
export async function reissueSetPasswordLink(
  ctx: Ctx,
  input: MemberRefData,
  tx: Tx,
): Promise<{ userId: string; email: string; setPasswordToken: string }> {
  await lockAndRecheck(tx, ctx, "members:manage");
  const member = await loadMember(tx, ctx, input.userId);
  if (member.user.passwordHash) throw conflict(`${member.user.email} has already set a password.`);
  // The link is the account's first credential: for an owner or admin, a grant over keys.
  if (isOrgRole(member.role)) assertMayGrantOrgRole(ctx, null, member.role);
  const systemAdmin = await tx.systemMember.count({
    where: { organizationId: ctx.organizationId, userId: member.user.id, role: "admin" },
  });
  if (systemAdmin > 0) assertMayGrantSystemRole(ctx, null, "admin");
  const elsewhere = await tx.membership.count({
    where: { userId: member.user.id, organizationId: { not: ctx.organizationId } },
  });
  if (elsewhere > 0) throw conflict(`${member.user.email} also belongs to another organization.`);
  const setPasswordToken = await issueSetPasswordToken(tx, member.user.id);
  await writeAudit(tx, ctx, {
    action: "member.set_password_link_issued",
    ...auditTarget("user", member.user.id, member.user.email),
  });
  return { userId: member.user.id, email: member.user.email, setPasswordToken };
}
