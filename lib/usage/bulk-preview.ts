import type { Tx } from "@/lib/db";
import { DAY_MS } from "@/lib/time";
import { windowStart } from "./impact";

// What a bulk change would interrupt (lib/keys/bulk.ts): per key, when it was last used and how
// many verifications it had in the last 24 hours, from the hourly usage rows. One grouped query
// for the whole selection, always within one organization.

export type BulkKeyUsage = { lastUsedAt: Date | null; calls24h: number };

const IN_CHUNK = 500;

export async function bulkUsagePreview(
  db: Tx,
  organizationId: string,
  keys: readonly { id: string; lastUsedAt: Date | null }[],
  now = new Date(),
): Promise<Map<string, BulkKeyUsage>> {
  // The same 24-hour window as the impact preview (./impact.ts): from the top of the hour it begins in.
  const since = windowStart(now, DAY_MS);
  const calls = new Map<string, number>();
  for (let start = 0; start < keys.length; start += IN_CHUNK) {
    const ids = keys.slice(start, start + IN_CHUNK).map((key) => key.id);
    const rows = await db.keyUsage.groupBy({
      by: ["keyId"],
      where: { organizationId, keyId: { in: ids }, hour: { gte: since } },
      _sum: { valid: true, refused: true },
    });
    for (const row of rows) calls.set(row.keyId, (row._sum.valid ?? 0) + (row._sum.refused ?? 0));
  }
  return new Map(
    keys.map((key) => [key.id, { lastUsedAt: key.lastUsedAt, calls24h: calls.get(key.id) ?? 0 }]),
  );
}
