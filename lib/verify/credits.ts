import { dbProvider, type Db } from "@/lib/db";
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

type Param = "id" | "cost" | "period" | "amount";

/**
 * The statement and the order of its parameters: `?` at each use for SQLite (positional); for
 * PostgreSQL `$n` numbered by first use, typed, so that no parameter goes unused.
 */
function statement(postgres: boolean, build: (p: (name: Param) => string) => string) {
  const order: Param[] = [];
  const sql = build((name) => {
    if (!postgres) {
      order.push(name);
      return "?";
    }
    if (!order.includes(name)) order.push(name);
    return `CAST($${order.indexOf(name) + 1} AS ${name === "id" || name === "period" ? "TEXT" : "INTEGER"})`;
  });
  return { sql, order };
}

const spendSql = (p: (name: Param) => string) =>
  `UPDATE "ApiKey" SET "creditsRemaining" = "creditsRemaining" - ${p("cost")} ` +
  `WHERE "id" = ${p("id")} AND "creditsRemaining" >= ${p("cost")} RETURNING "creditsRemaining"`;

const refillSpendSql = (p: (name: Param) => string) => {
  // Functions, not strings: each textual use of a parameter is its own `?` on SQLite.
  const due = () => `("creditsPeriod" IS NULL OR "creditsPeriod" < ${p("period")})`;
  const balance = () => `CASE WHEN ${due()} THEN ${p("amount")} ELSE "creditsRemaining" END`;
  return (
    `UPDATE "ApiKey" SET "creditsRemaining" = ${balance()} - ${p("cost")}, ` +
    `"creditsPeriod" = CASE WHEN ${due()} THEN ${p("period")} ELSE "creditsPeriod" END ` +
    `WHERE "id" = ${p("id")} AND "creditsRemaining" IS NOT NULL AND ${balance()} >= ${p("cost")} ` +
    `RETURNING "creditsRemaining"`
  );
};

const balanceSql = (p: (name: Param) => string) =>
  `SELECT "creditsRemaining" FROM "ApiKey" WHERE "id" = ${p("id")}`;

export function createCreditSpender(
  db: () => Db,
  provider: () => "sqlite" | "postgresql" = dbProvider,
): CreditSpender {
  const built = { sqlite: buildAll(false), postgresql: buildAll(true) };
  return async (keyId, cost, refill, now) => {
    const statements = built[provider()];
    const values: Record<Param, string | number | null> = {
      id: keyId,
      cost,
      period: refill ? refillPeriod(refill, now) : null,
      amount: refill ? refill.amount : null,
    };
    const spend = refill ? statements.refillSpend : statements.spend;
    const spent = await db().$queryRawUnsafe<{ creditsRemaining: number | bigint }[]>(
      spend.sql,
      ...spend.order.map((name) => values[name]),
    );
    if (spent[0]) return { ok: true, remaining: Number(spent[0].creditsRemaining) };
    const rows = await db().$queryRawUnsafe<{ creditsRemaining: number | bigint | null }[]>(
      statements.balance.sql,
      ...statements.balance.order.map((name) => values[name]),
    );
    const remaining = rows[0]?.creditsRemaining ?? null;
    // No balance any more (credits were removed since the entry was loaded): nothing to spend.
    return remaining === null ? { ok: true, remaining: null } : { ok: false, remaining: Number(remaining) };
  };
}

function buildAll(postgres: boolean) {
  return {
    spend: statement(postgres, spendSql),
    refillSpend: statement(postgres, refillSpendSql),
    balance: statement(postgres, balanceSql),
  };
}
