import { isOrgRole, isSystemRole, type OrgRole, type SystemRole } from "@/lib/auth/permissions";
import { TOTP_PER_USER, totpThrottleKey } from "@/lib/auth/throttle";
import { getDb } from "@/lib/db";

// Reads for the members page and a system's members section. Every query names the organization;
// nothing about a password beyond "has one been set" leaves this module.

export type MemberRow = {
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
  /** True until the person has set a password through their link. */
  pending: boolean;
  /** Has an authenticator app (two-factor sign-in); never anything about the secret itself. */
  twoFactor: boolean;
  systems: { id: string; name: string; role: SystemRole }[];
  since: Date;
};

export async function listOrganizationMembers(organizationId: string): Promise<MemberRow[]> {
  const db = getDb();
  const [memberships, systemRoles] = await Promise.all([
    db.membership.findMany({
      where: { organizationId },
      select: {
        role: true,
        createdAt: true,
        user: { select: { id: true, name: true, email: true, passwordHash: true, totpEnabledAt: true } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.systemMember.findMany({
      where: { organizationId, system: { organizationId } },
      select: { userId: true, role: true, system: { select: { id: true, name: true } } },
      orderBy: { system: { name: "asc" } },
    }),
  ]);
  return memberships.flatMap((m) =>
    isOrgRole(m.role)
      ? [
          {
            userId: m.user.id,
            name: m.user.name,
            email: m.user.email,
            role: m.role,
            pending: m.user.passwordHash === null,
            twoFactor: m.user.totpEnabledAt !== null,
            since: m.createdAt,
            systems: systemRoles.flatMap((s) =>
              s.userId === m.user.id && isSystemRole(s.role)
                ? [{ id: s.system.id, name: s.system.name, role: s.role }]
                : [],
            ),
          },
        ]
      : [],
  );
}

export type SystemMemberRow = { userId: string; name: string; email: string; role: SystemRole; since: Date };

export async function listSystemMembers(
  organizationId: string,
  systemId: string,
): Promise<SystemMemberRow[]> {
  const rows = await getDb().systemMember.findMany({
    where: { organizationId, systemId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
  });
  return rows.flatMap((r) =>
    isSystemRole(r.role)
      ? [{ userId: r.user.id, name: r.user.name, email: r.user.email, role: r.role, since: r.createdAt }]
      : [],
  );
}

export type SystemMemberCandidate = { userId: string; name: string; email: string };

/** Organization members (role "member") who do not belong to the system yet. */
export async function listSystemMemberCandidates(
  organizationId: string,
  systemId: string,
): Promise<SystemMemberCandidate[]> {
  const rows = await getDb().membership.findMany({
    where: {
      organizationId,
      role: "member",
      user: { systemMembers: { none: { systemId, organizationId } } },
    },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { name: "asc" } },
  });
  return rows.map((r) => ({ userId: r.user.id, name: r.user.name, email: r.user.email }));
}

/**
 * Which of the organization's members have their authenticator codes locked (the hard cap of
 * lib/auth/throttle.ts), so that an owner can unlock them from the members page.
 */
export async function twoFactorLockedMembers(organizationId: string): Promise<Set<string>> {
  const db = getDb();
  const members = await db.membership.findMany({ where: { organizationId }, select: { userId: true } });
  const byKey = new Map(members.map((m) => [totpThrottleKey(m.userId), m.userId]));
  const locked = await db.rateLimit.findMany({
    where: { key: { in: [...byKey.keys()] }, count: { gte: TOTP_PER_USER.hardCap } },
    select: { key: true },
  });
  return new Set(locked.flatMap((row) => byKey.get(row.key) ?? []));
}

export type PendingInvitationRow = { id: string; email: string; role: OrgRole; expiresAt: Date };

/** The organization's open invitations (not accepted, declined, revoked or expired), oldest first. */
export async function listPendingInvitations(organizationId: string): Promise<PendingInvitationRow[]> {
  const rows = await getDb().invitation.findMany({
    where: {
      organizationId,
      acceptedAt: null,
      declinedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date() },
    },
    select: { id: true, email: true, role: true, expiresAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.flatMap((row) => (isOrgRole(row.role) ? [{ ...row, role: row.role }] : []));
}
