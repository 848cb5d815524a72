import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import type { SessionUser } from "@/lib/auth/session";
import { requireSessionUser } from "@/lib/auth/session";
import { isOrgRole, mustEnrolTwoFactor, type OrgRole } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { twoFactorEnrolmentPath } from "./two-factor";

export type OrgPageContext = {
  user: SessionUser;
  org: { id: string; name: string; slug: string; requireTwoFactor: boolean };
  role: OrgRole;
};

/**
 * For console pages under /orgs/[orgSlug]: the signed-in user and their membership of that
 * organization, from the database. A non-member gets a 404, the same as a missing organization,
 * so organization slugs of other tenants cannot be probed. An owner or admin of an organization
 * that requires two-factor, without an authenticator, is sent to set one up first.
 */
export const getOrgPageContext = cache(async (orgSlug: string): Promise<OrgPageContext> => {
  const user = await requireSessionUser();
  const org = await getDb().organization.findUnique({
    where: { slug: orgSlug },
    select: { id: true, name: true, slug: true, requireTwoFactor: true },
  });
  if (!org) notFound();
  const membership = await getDb().membership.findUnique({
    where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
    select: { role: true },
  });
  if (!membership || !isOrgRole(membership.role)) notFound();
  if (mustEnrolTwoFactor(org, membership.role, user)) redirect(twoFactorEnrolmentPath(org.slug));
  return { user, org, role: membership.role };
});

/** Remembers the organization chosen in the header, so it is the one opened next time. */
export async function rememberOrganization(user: SessionUser, organizationId: string): Promise<void> {
  if (user.activeOrganizationId === organizationId) return;
  await getDb().session.update({
    where: { id: user.sessionId },
    data: { activeOrganizationId: organizationId, lastSeenAt: new Date() },
  });
}

/** Where "/" sends a signed-in user: their remembered organization, else their first one. */
export async function landingOrganizationSlug(user: SessionUser): Promise<string | null> {
  const db = getDb();
  const remembered =
    user.activeOrganizationId ??
    (
      await db.session.findFirst({
        where: { userId: user.id, activeOrganizationId: { not: null } },
        orderBy: { lastSeenAt: "desc" },
        select: { activeOrganizationId: true },
      })
    )?.activeOrganizationId;
  const memberships = await db.membership.findMany({
    where: { userId: user.id },
    select: { organizationId: true, organization: { select: { slug: true, name: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  const chosen = memberships.find((m) => m.organizationId === remembered) ?? memberships[0];
  return chosen?.organization.slug ?? null;
}
