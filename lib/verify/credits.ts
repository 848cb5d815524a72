import { join, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import type { Db } from "@/lib/db";
import { refillPeriod, type CreditRefill } from "@/lib/keys/limits";

// Spending a key's usage credits (README, "Rate limits, credits and metadata"). The balance lives
// in the database only, and each spend is ONE conditional UPDATE … RETURNING: it takes `cost`
// only when the balance covers it, so instances sharing the database never overspend (SQLite
// runs one writer at a time; PostgreSQL locks the row for the statement). With a refill, the same
// statement first resets a balance whose period is older than the current one to the refill
// amount. Raw SQL, written to run unchanged on both databases.
//
// Spends are grouped (group commit): the first spend goes out at once, and the spends that arrive
// while a statement is in flight go together in the next one, which takes each key's total only
// when its balance covers all of them (one UPDATE … FROM (VALUES …) for every key in the group).
// A key whose balance does not cover its group's total falls back to one statement per spend, in
// order, so every credit taken is one a VALID answer reports, and none is taken that is not there.

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

type SingleSpender = (
  keyId: string,
  cost: number,
  refill: CreditRefill | null,
  now: number,
  period?: string | null,
) => Promise<SpendOutcome>;

/** At most this many keys in one grouped statement (4 parameters each, well under SQLite's limit). */
const MAX_GROUP_KEYS = 500;

interface Pending {
  keyId: string;
  cost: number;
  refill: CreditRefill | null;
  /** The refill period the spend falls in (null without a refill). */
  period: string | null;
  resolve: (outcome: SpendOutcome) => void;
  reject: (error: unknown) => void;
}

export function createCreditSpender(db: () => Db): CreditSpender {
  const one = createSingleSpender(db);
  let queue: Pending[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      await spendGroup(db(), one, group).catch((error: unknown) => {
        for (const pending of group) pending.reject(error);
      });
    }
    flushing = false;
  }

  return (keyId, cost, refill, now) =>
    new Promise<SpendOutcome>((resolve, reject) => {
      queue.push({ keyId, cost, refill, period: refill ? refillPeriod(refill, now) : null, resolve, reject });
      if (flushing) return;
      flushing = true;
      // After the current I/O callbacks: the verifications that arrived together go together.
      setImmediate(() => void flush());
    });
}

/** One grouped statement for the keys whose balance covers their total; the rest one by one. */
async function spendGroup(db: Db, one: SingleSpender, group: Pending[]): Promise<void> {
  const byKey = new Map<string, Pending[]>();
  const alone: Pending[] = [];
  for (const pending of group) {
    const same = byKey.get(pending.keyId);
    // One key's spends share a row only with the same refill (an entry reloaded mid-group may differ).
    if (!same) {
      if (byKey.size < MAX_GROUP_KEYS) byKey.set(pending.keyId, [pending]);
      else alone.push(pending);
    } else if (sameRefill(same[0] as Pending, pending)) same.push(pending);
    else alone.push(pending);
  }
  const spent = byKey.size > 0 ? await spendTotals(db, [...byKey.values()]) : new Map<string, number>();
  for (const [keyId, spends] of byKey) {
    const after = spent.get(keyId);
    if (after === undefined) {
      alone.push(...spends);
      continue;
    }
    // Reported as if applied in arrival order: each sees the balance after its own spend.
    let remaining = after + spends.reduce((sum, p) => sum + p.cost, 0);
    for (const pending of spends) {
      remaining -= pending.cost;
      pending.resolve({ ok: true, remaining });
    }
  }
  // The keys short of their total (or without credits any more): one statement per spend, in order.
  const perKey = new Map<string, Pending[]>();
  for (const pending of alone) perKey.set(pending.keyId, [...(perKey.get(pending.keyId) ?? []), pending]);
  await Promise.all(
    [...perKey.values()].map(async (spends) => {
      for (const p of spends) {
        await one(p.keyId, p.cost, p.refill, 0, p.period).then(p.resolve, p.reject);
      }
    }),
  );
}

function sameRefill(a: Pending, b: Pending): boolean {
  return a.period === b.period && (a.refill?.amount ?? null) === (b.refill?.amount ?? null);
}

/**
 * Takes each key's total in one statement, only from keys whose balance (after a due refill)
 * covers it; answers the balance after, by key. A key missing from the answer took nothing.
 */
async function spendTotals(db: Db, keys: Pending[][]): Promise<Map<string, number>> {
  const rows: Sql[] = keys.map((spends) => {
    const first = spends[0] as Pending;
    const total = spends.reduce((sum, p) => sum + p.cost, 0);
    return sql`(CAST(${first.keyId} AS TEXT), CAST(${total} AS INTEGER), CAST(${first.period} AS TEXT), CAST(${first.refill?.amount ?? null} AS INTEGER))`;
  });
  // The balance a spend starts from: the refill amount when a new period has begun, else the balance.
  const due = sql`"s"."period" IS NOT NULL AND ("ApiKey"."creditsPeriod" IS NULL OR "ApiKey"."creditsPeriod" < "s"."period")`;
  const base = sql`CASE WHEN ${due} THEN "s"."amount" ELSE "ApiKey"."creditsRemaining" END`;
  const spent = await db.$queryRaw<{ id: string; creditsRemaining: number | bigint }[]>`
    WITH "s"("id", "cost", "period", "amount") AS (VALUES ${join(rows)})
    UPDATE "ApiKey" SET
      "creditsRemaining" = ${base} - "s"."cost",
      "creditsPeriod" = CASE WHEN ${due} THEN "s"."period" ELSE "ApiKey"."creditsPeriod" END
    FROM "s"
    WHERE "ApiKey"."id" = "s"."id" AND "ApiKey"."creditsRemaining" IS NOT NULL AND ${base} >= "s"."cost"
    RETURNING "ApiKey"."id", "ApiKey"."creditsRemaining"`;
  return new Map(spent.map((row) => [row.id, Number(row.creditsRemaining)]));
}

/**
 * One spend, one statement. Prisma's tagged templates bind each value where it stands on both
 * databases. Every parameter is cast (INTEGER for amounts, TEXT for the id and period) so that
 * PostgreSQL knows its type wherever it stands.
 */
function createSingleSpender(db: () => Db): SingleSpender {
  return async (id, cost, refill, now, period) => {
    const spent = refill
      ? await refillAndSpend(db(), id, cost, period ?? refillPeriod(refill, now), refill.amount)
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
