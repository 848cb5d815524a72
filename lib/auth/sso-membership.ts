import { writeAudit } from "@/lib/audit/write";
import type { Actor, RequestMeta } from "@/lib/context";
import { getDb, type Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { isOrgRole, type OrgRole } from "./permissions";

// Just-in-time membership (README, "Single sign-on"): an organization that maps values of an SSO
// claim to roles (lib/orgs/sso-settings.ts) has, after each SSO sign-in, exactly the membership
// the claim says: added, its role changed, or removed. Each change is one audit entry whose actor
// is the provider. The organization's last owner is never removed or demoted this way.

const RANK: Record<OrgRole, number> = { member: 0, auditor: 1, admin: 2, owner: 3 };

/** The claim's values: a list of strings, or one string (some providers send a single group). */
export function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  const raw = claims[claim];
  if (typeof raw === "string") return [raw];
  if (Array.isArray(raw)) return raw.filter((value): value is string => typeof value === "string");
  return [];
}

/** The highest role any of the values maps to, or null (not a member). */
export function mappedRole(values: string[], mappings: { value: string; role: string }[]): OrgRole | null {
  let best: OrgRole | null = null;
  for (const mapping of mappings) {
    if (!values.includes(mapping.value) || !isOrgRole(mapping.role)) continue;
    if (best === null || RANK[mapping.role] > RANK[best]) best = mapping.role;
  }
  return best;
}

export async function syncSsoMemberships(
  user: { id: string; email: string },
  claims: Record<string, unknown>,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  const orgs = await getDb().organization.findMany({
    where: { ssoClaim: { not: null }, ssoRoleMappings: { some: {} } },
    select: { id: true },
  });
  for (const org of orgs) {
    await transact((tx) => syncOne(tx, org.id, user, claims, actor, meta));
  }
}

async function syncOne(
  tx: Tx,
  organizationId: string,
  user: { id: string; email: string },
  claims: Record<string, unknown>,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  const org = await tx.organization.findUnique({
    where: { id: organizationId },
    select: { ssoClaim: true, ssoRoleMappings: { select: { value: true, role: true } } },
  });
  if (!org?.ssoClaim || org.ssoRoleMappings.length === 0) return;
  const values = claimValues(claims, org.ssoClaim);
  const wanted = mappedRole(values, org.ssoRoleMappings);
  const current = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId: user.id } },
  });
  const before = current && isOrgRole(current.role) ? current.role : null;
  if (before === wanted) return;
  if (before === "owner") {
    const others = await tx.membership.count({
      where: { organizationId, role: "owner", userId: { not: user.id } },
    });
    if (others === 0) return;
  }
  const ctx = { actor, organizationId, meta };
  const audit = { targetType: "user", targetId: user.id, targetLabel: user.email };
  const metadata = { claim: org.ssoClaim, values: values.slice(0, 50) };
  if (wanted === null && current) {
    const systemRoles = await tx.systemMember.deleteMany({ where: { organizationId, userId: user.id } });
    await tx.membership.delete({ where: { id: current.id } });
    await writeAudit(tx, ctx, {
      action: "member.removed",
      ...audit,
      changes: { role: { before, after: null } },
      metadata: { ...metadata, systemRolesRemoved: systemRoles.count },
    });
  } else if (wanted !== null && current) {
    await tx.membership.update({ where: { id: current.id }, data: { role: wanted } });
    await writeAudit(tx, ctx, {
      action: "member.role_changed",
      ...audit,
      changes: { role: { before, after: wanted } },
      metadata,
    });
  } else if (wanted !== null) {
    await tx.membership.create({ data: { organizationId, userId: user.id, role: wanted } });
    await writeAudit(tx, ctx, {
      action: "member.added",
      ...audit,
      changes: { role: { before: null, after: wanted } },
      metadata,
    });
  }
}
