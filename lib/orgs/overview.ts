import type { OrgRole } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { expiringSoonWindow } from "@/lib/keys/policy";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { visibleSystemsWhere } from "@/lib/systems/queries";
import { getOrganizationUsage } from "@/lib/usage/queries";
import type { UsageSummary } from "@/lib/usage/summary";

export type OrgOverview = {
  systems: number;
  activeKeys: number;
  orgKeys: number;
  /** Active keys expiring within each of the policy's expiry warnings, largest window first. */
  expiring: { withinDays: number; count: number }[];
  /** The next keys to expire within the largest warning window (at most 8). */
  expiringSoon: {
    id: string;
    label: string;
    expiresAt: Date;
    system: { id: string; name: string } | null;
  }[];
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
  const warningDays = options.includeKeys ? (await getKeyPolicy(db, organizationId)).expiryWarningDays : [];
  const [systems, activeKeys, orgKeys, expiring, expiringSoon, recentActivity, usage] = await Promise.all([
    db.system.count({ where: visibleSystemsWhere(organizationId, caller.userId, caller.role) }),
    options.includeKeys ? db.apiKey.count({ where: live }) : 0,
    options.includeKeys ? db.apiKey.count({ where: { ...live, systemId: null } }) : 0,
    Promise.all(
      warningDays.map(async (withinDays) => ({
        withinDays,
        count: await db.apiKey.count({ where: { ...live, expiresAt: expiringSoonWindow(now, withinDays) } }),
      })),
    ),
    options.includeKeys
      ? db.apiKey.findMany({
          where: { ...live, expiresAt: expiringSoonWindow(now, Math.max(1, ...warningDays)) },
          orderBy: { expiresAt: "asc" },
          take: 8,
          select: { id: true, label: true, expiresAt: true, system: { select: { id: true, name: true } } },
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
  return { systems, activeKeys, orgKeys, expiring, expiringSoon, recentActivity, usage };
}
