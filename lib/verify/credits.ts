import type { Db } from "@/lib/db";
import { refillPeriod, type CreditRefill } from "@/lib/keys/limits";

// Spending a key's usage credits (README, "Rate limits, credits and metadata"). The balance lives
// in the database only, and each spend is ONE conditional UPDATE … RETURNING: it takes `cost`
// only when the balance covers it, so instances sharing the database never overspend (SQLite
// runs one writer at a time; PostgreSQL locks the row for the statement). With a refill, the same
// statement first resets a balance whose period is older than the current one to the refill
// amount. Raw SQL, written to run unchanged on both databases.

interface SpendOutcome {
  ok: boolean;
  /** The balance after the spend (ok), or as it is (refused); null when the key no longer has credits. */
  remaining: number | null;
}

export type CreditSpender = (
  keyId: string,
  cost: number,
  refill: CreditRefill | null,
  now: number,
) => Promise<SpendOutcome>;

/**
 * Prisma's tagged templates bind each value where it stands on both databases. Every parameter is
 * cast (INTEGER for amounts, TEXT for the id and period) so that PostgreSQL knows its type
 * wherever it stands.
 */
export function createCreditSpender(db: () => Db): CreditSpender {
  return async (id, cost, refill, now) => {
    const spent = refill
      ? await refillAndSpend(db(), id, cost, refillPeriod(refill, now), refill.amount)
      : await db().$queryRaw<{ creditsRemaining: number | bigint }[]>`
          UPDATE "ApiKey" SET "creditsRemaining" = "creditsRemaining" - CAST(${cost} AS INTEGER)
           WHERE "id" = CAST(${id} AS TEXT) AND "creditsRemaining" >= CAST(${cost} AS INTEGER)
          RETURNING "creditsRemaining"`;
    if (spent[0]) return { ok: true, remaining: Number(spent[0].creditsRemaining) };
    const rows = await db().$queryRaw<{ creditsRemaining: number | bigint | null }[]>`
      SELECT "creditsRemaining" FROM "ApiKey" WHERE "id" = CAST(${id} AS TEXT)`;
    const remaining = rows[0]?.creditsRemaining ?? null;
    // No balance any more (credits were removed since the entry was loaded): nothing to spend.
    return remaining === null ? { ok: true, remaining: null } : { ok: false, remaining: Number(remaining) };
  };
}

/** With a refill: a balance whose period is older than `period` is first reset to `amount`. */
function refillAndSpend(db: Db, id: string, cost: number, period: string, amount: number) {
  return db.$queryRaw<{ creditsRemaining: number | bigint }[]>`
    UPDATE "ApiKey" SET
      "creditsRemaining" = CASE WHEN ("creditsPeriod" IS NULL OR "creditsPeriod" < CAST(${period} AS TEXT))
        THEN CAST(${amount} AS INTEGER) ELSE "creditsRemaining" END - CAST(${cost} AS INTEGER),
      "creditsPeriod" = CASE WHEN ("creditsPeriod" IS NULL OR "creditsPeriod" < CAST(${period} AS TEXT))
        THEN CAST(${period} AS TEXT) ELSE "creditsPeriod" END
     WHERE "id" = CAST(${id} AS TEXT) AND "creditsRemaining" IS NOT NULL
       AND CASE WHEN ("creditsPeriod" IS NULL OR "creditsPeriod" < CAST(${period} AS TEXT))
         THEN CAST(${amount} AS INTEGER) ELSE "creditsRemaining" END >= CAST(${cost} AS INTEGER)
    RETURNING "creditsRemaining"`;
}
