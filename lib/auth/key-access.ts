import { getDb } from "@/lib/db";
import { can, isOrgRole, isSystemRole, mustEnrolTwoFactor, type OrgRole } from "./permissions";

// A person's access to keys one by one, for the features that look at many keys at once (bulk
// changes in lib/keys/bulk.ts, "Which key is this?" in lib/keys/find.ts): their organization roles
// and their system roles read once, then the permission table (./permissions.ts) asked per key, as
// defineAction asks it for one key.

export type KeyAccess = {
  /** The organizations the person belongs to (all of them, or just the one asked for). */
  organizationIds: string[];
  /** Whether they may read or manage (as asked) a key of this organization and system (null: an organization key). */
  allows: (organizationId: string, systemId: string | null) => boolean;
};

type Factors = { totpEnabled: boolean; passkeyEnabled: boolean };

/**
 * `factors`: the person's second factors, to leave out the organizations whose two-factor rule
 * stops them (./permissions.ts mustEnrolTwoFactor); a core behind defineAction omits it, as the
 * action has applied that rule already.
 */
export async function userKeyAccess(
  userId: string,
  level: "read" | "manage",
  options: { organizationId?: string; factors?: Factors } = {},
): Promise<KeyAccess> {
  const db = getDb();
  const { organizationId, factors } = options;
  const mine = { userId, ...(organizationId === undefined ? {} : { organizationId }) };
  const [memberships, systemRoles] = await Promise.all([
    db.membership.findMany({
      where: mine,
      select: { organizationId: true, role: true, organization: { select: { requireTwoFactor: true } } },
    }),
    db.systemMember.findMany({ where: mine, select: { systemId: true, role: true } }),
  ]);
  const orgRoles = new Map<string, OrgRole>();
  for (const row of memberships) {
    if (!isOrgRole(row.role)) continue;
    if (factors && mustEnrolTwoFactor(row.organization, row.role, factors)) continue;
    orgRoles.set(row.organizationId, row.role);
  }
  const bySystem = new Map(systemRoles.map((row) => [row.systemId, row.role]));
  return {
    organizationIds: [...orgRoles.keys()],
    allows(keyOrganizationId, systemId) {
      const orgRole = orgRoles.get(keyOrganizationId);
      if (!orgRole) return false;
      if (systemId === null) return can({ orgRole }, `org-keys:${level}`);
      const role = bySystem.get(systemId);
      return can({ orgRole, systemRole: role && isSystemRole(role) ? role : null }, `system-keys:${level}`);
    },
  };
}
