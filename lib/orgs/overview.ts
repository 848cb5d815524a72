import type { OrgRole } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { expiringSoonWindow } from "@/lib/keys/policy";
import { visibleSystemsWhere } from "@/lib/systems/queries";
import { getOrganizationUsage } from "@/lib/usage/queries";
import type { UsageSummary } from "@/lib/usage/summary";

export type OrgOverview = {
  systems: number;
  activeKeys: number;
  orgKeys: number;
  expiringSoon: { id: string; label: string; expiresAt: Date; systemId: string | null }[];
  /** Verifications of every key per day (roles that may read keys only). */
  usage: UsageSummary | null;
  recentActivity: {
    id: string;
    action: string;
    actorLabel: string;
    targetLabel: string | null;
    createdAt: Date;
  }[];
};

/**
 * Figures for the overview page; `includeKeys`/`includeAudit` follow the caller's role, and the
 * systems count only the systems the caller may see.
 */
export async function getOrgOverview(
  organizationId: string,
  caller: { userId: string; role: OrgRole },
  options: { includeKeys: boolean; includeAudit: boolean },
): Promise<OrgOverview> {
  const db = getDb();
  const now = new Date();
  const live = { organizationId, state: "active", expiresAt: { gt: now } };
  const [systems, activeKeys, orgKeys, expiringSoon, recentActivity, usage] = await Promise.all([
    db.system.count({ where: visibleSystemsWhere(organizationId, caller.userId, caller.role) }),
    options.includeKeys ? db.apiKey.count({ where: live }) : 0,
    options.includeKeys ? db.apiKey.count({ where: { ...live, systemId: null } }) : 0,
    options.includeKeys
      ? db.apiKey.findMany({
          where: { ...live, expiresAt: expiringSoonWindow(now) },
          orderBy: { expiresAt: "asc" },
          take: 8,
          select: { id: true, label: true, expiresAt: true, systemId: true },
        })
      : [],
    options.includeAudit
      ? db.auditEntry.findMany({
          where: { organizationId },
          orderBy: { seq: "desc" },
          take: 8,
          select: { id: true, action: true, actorLabel: true, targetLabel: true, createdAt: true },
        })
      : [],
    options.includeKeys ? getOrganizationUsage(organizationId, now) : null,
  ]);
  return { systems, activeKeys, orgKeys, expiringSoon, recentActivity, usage };
}
