import { getDb } from "@/lib/db";
import { summarizeUsage, usageWindowStart, type UsageSummary } from "./summary";

// Reads of the hourly usage rows, always within one organization.

/** One key's verifications per day over the last 30 days. */
export async function getKeyUsage(
  organizationId: string,
  keyId: string,
  now = new Date(),
): Promise<UsageSummary> {
  const rows = await getDb().keyUsage.findMany({
    where: { organizationId, keyId, hour: { gte: usageWindowStart(now) } },
    select: { hour: true, valid: true, refused: true },
  });
  return summarizeUsage(rows, now);
}

/** Every key of the organization together: verifications per day over the last 30 days. */
export async function getOrganizationUsage(organizationId: string, now = new Date()): Promise<UsageSummary> {
  const rows = await getDb().keyUsage.groupBy({
    by: ["hour"],
    where: { organizationId, hour: { gte: usageWindowStart(now) } },
    _sum: { valid: true, refused: true },
  });
  return summarizeUsage(
    rows.map((row) => ({ hour: row.hour, valid: row._sum.valid ?? 0, refused: row._sum.refused ?? 0 })),
    now,
  );
}
