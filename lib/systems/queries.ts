import { can, isSystemRole, type OrgRole, type RoleSet } from "@/lib/auth/permissions";
import { getDb, type Prisma } from "@/lib/db";
import { notFound } from "next/navigation";

export type SystemRow = {
  id: string;
  name: string;
  slug: string;
  description: string;
  createdAt: Date;
  liveKeys: number;
};

/** Where-clause of the systems the caller may see: all for owners, admins and auditors; members see their own. */
export function visibleSystemsWhere(organizationId: string, userId: string, role: OrgRole) {
  const seesAll = can({ orgRole: role }, "system:read");
  return { organizationId, ...(seesAll ? {} : { members: { some: { userId } } }) };
}

/** Systems the caller may see (see `visibleSystemsWhere`). */
export function listVisibleSystems(
  organizationId: string,
  userId: string,
  role: OrgRole,
): Promise<SystemRow[]> {
  return listSystemRows(visibleSystemsWhere(organizationId, userId, role));
}

const SYSTEM_FIELDS = { id: true, name: true, slug: true, description: true, createdAt: true } as const;

/** The systems `where` names, by name, with their live (not revoked) key counts. */
export async function listSystemRows(where: Prisma.SystemWhereInput): Promise<SystemRow[]> {
  const systems = await getDb().system.findMany({
    where,
    orderBy: { name: "asc" },
    select: {
      ...SYSTEM_FIELDS,
      _count: { select: { keys: { where: { state: { not: "revoked" } } } } },
    },
  });
  return systems.map(({ _count, ...system }) => ({ ...system, liveKeys: _count.keys }));
}

/** One system of the organization with the caller's system role; 404 when not visible. */
export async function getVisibleSystem(
  organizationId: string,
  systemId: string,
  userId: string,
  role: OrgRole,
) {
  const system = await getDb().system.findFirst({
    where: { id: systemId, organizationId },
    select: {
      ...SYSTEM_FIELDS,
      updatedAt: true,
      members: { where: { userId }, select: { role: true } },
    },
  });
  if (!system) notFound();
  const memberRole = system.members[0]?.role;
  const roles: RoleSet = {
    orgRole: role,
    systemRole: memberRole && isSystemRole(memberRole) ? memberRole : null,
  };
  if (!can(roles, "system:read")) notFound();
  return { system, roles };
}

/** Systems a key form may pick: every system of the organization, or only `systemId`'s. */
export function listSystemChoices(
  organizationId: string,
  systemId: string | null,
): Promise<{ id: string; name: string; slug: string }[]> {
  return getDb().system.findMany({
    where: { organizationId, ...(systemId ? { id: systemId } : {}) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, slug: true },
  });
}

/** The systems the caller may see, by name: ids and names only (the command palette). */
export function listVisibleSystemNames(
  organizationId: string,
  userId: string,
  role: OrgRole,
): Promise<{ id: string; name: string }[]> {
  return getDb().system.findMany({
    where: visibleSystemsWhere(organizationId, userId, role),
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
