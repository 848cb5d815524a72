import { getDb } from "@/lib/db";
import type { CatalogPermission } from "./catalog";
import { readOrgSsoSettings, type OrgSsoSettings } from "./sso-settings";

// Reads for the organization's settings page.

export type CatalogUsageRow = CatalogPermission & { liveKeys: number };

/** The catalog with, for each permission, how many live (not revoked) keys hold it. */
export async function listCatalogUsage(organizationId: string): Promise<CatalogUsageRow[]> {
  const rows = await getDb().permission.findMany({
    where: { organizationId },
    select: {
      id: true,
      name: true,
      description: true,
      builtIn: true,
      _count: { select: { keys: { where: { key: { organizationId, state: { not: "revoked" } } } } } },
    },
    orderBy: [{ builtIn: "desc" }, { name: "asc" }],
  });
  return rows.map(({ _count, ...permission }) => ({ ...permission, liveKeys: _count.keys }));
}

export async function organizationCreatedAt(organizationId: string): Promise<Date | null> {
  const row = await getDb().organization.findUnique({
    where: { id: organizationId },
    select: { createdAt: true },
  });
  return row?.createdAt ?? null;
}

/** The organization's single sign-on settings, for its settings page (README, "Single sign-on"). */
export function readOrgSso(organizationId: string): Promise<OrgSsoSettings> {
  return readOrgSsoSettings(getDb(), organizationId);
}
