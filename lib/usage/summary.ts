// Verification counts per day, from the hourly KeyUsage rows the verify server writes in batches.
// Days are UTC calendar days, oldest first, ending with today; a day without rows counts zero.
// Pure: the queries in ./queries.ts feed it, the charts draw its output.

import { DAY_MS } from "@/lib/time";

const USAGE_DAYS = 30;

type UsageDay = { day: string; valid: number; refused: number };
export type UsageSummary = { days: UsageDay[]; valid: number; refused: number };
export type UsageRow = { hour: Date | string; valid: number; refused: number };

/** The first instant counted: midnight UTC of the oldest of `days` days ending today. */
export function usageWindowStart(now: Date, days = USAGE_DAYS): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

export function summarizeUsage(rows: readonly UsageRow[], now: Date, days = USAGE_DAYS): UsageSummary {
  const start = usageWindowStart(now, days).getTime();
  const buckets: UsageDay[] = Array.from({ length: days }, (_, i) => ({
    day: new Date(start + i * DAY_MS).toISOString().slice(0, 10),
    valid: 0,
    refused: 0,
  }));
  let valid = 0;
  let refused = 0;
  for (const row of rows) {
    const index = Math.floor((new Date(row.hour).getTime() - start) / DAY_MS);
    const bucket = buckets[index];
    if (!bucket) continue; // outside the window
    bucket.valid += row.valid;
    bucket.refused += row.refused;
    valid += row.valid;
    refused += row.refused;
  }
  return { days: buckets, valid, refused };
}
