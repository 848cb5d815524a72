// The key table benchmark: 100,000 organization keys (each with a permission and a secret row, and
// another organization's 1,000 beside them, so every query must filter by organization) in a
// throwaway SQLite database, then the table's own query (one page + its count) for the sorts,
// filters and pages a person uses (every sortable column both ways, every state filter, a deep
// page, search), timed with medians over several runs; each ≤ 150 ms (issue 14).
// `npm run bench -- keys` runs it (or `tsx scripts/bench/keys.ts` alone: exit 0 when its targets are
// met, 3 when not).
// Settings: BENCH_KEYS (100000), BENCH_KEYS_RUNS (7).
import { randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { KEY_FILTER_STATES, KEY_SORTS } from "../../lib/keys/list-params.ts";
import { listKeys, type ListKeysOptions } from "../../lib/keys/queries.ts";
import { DAY_MS, MINUTE_MS } from "../../lib/time.ts";
import { measure, printTable, withBenchDatabase, type Measure, type Result } from "./timing.ts";

/**
 * Inserts an organization, its permission and `count` keys (each with a permission and a secret
 * row) straight through better-sqlite3 in one transaction, in the formats Prisma's SQLite adapter
 * uses (ISO text dates, JSON as text): Prisma's createMany takes minutes for 100,000 keys here.
 */
function seed(file: string, slug: string, count: number): string {
  const sqlite = new Database(file);
  try {
    const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");
    const organizationId = randomUUID();
    const permissionId = randomUUID();
    const now = Date.now();
    const stamp = iso(new Date(now));
    const insertKey = sqlite.prepare(
      `INSERT INTO "ApiKey" (id, organizationId, label, description, state, allowedCidrs, expiresAt, createdAt,
        updatedAt, lastUsedAt) VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)`,
    );
    const insertPermission = sqlite.prepare(
      `INSERT INTO "KeyPermission" (keyId, permissionId) VALUES (?, ?)`,
    );
    const insertSecret = sqlite.prepare(
      `INSERT INTO "KeySecret" (id, keyId, organizationId, slot, hash, hint, createdAt) VALUES (?, ?, ?, 'primary', ?, 'kp_…abcd', ?)`,
    );
    sqlite.transaction(() => {
      sqlite
        .prepare(`INSERT INTO "Organization" (id, name, slug, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`)
        .run(organizationId, slug, slug, stamp, stamp);
      sqlite
        .prepare(
          `INSERT INTO "Permission" (id, organizationId, name, createdAt) VALUES (?, ?, 'nodes:add', ?)`,
        )
        .run(permissionId, organizationId, stamp);
      for (let n = 0; n < count; n++) {
        const id = `${slug}${String(n).padStart(6, "0")}${randomBytes(4).toString("hex")}`;
        const createdAt = iso(new Date(now - (count - n) * MINUTE_MS));
        insertKey.run(
          id,
          organizationId,
          `${["gateway", "runner", "agent", "pipeline"][n % 4]} ${String(n).padStart(6, "0")}`,
          n % 7 === 0 ? "deploys the payments cluster" : "",
          n % 10 === 0 ? "disabled" : n % 25 === 0 ? "revoked" : "active",
          iso(new Date(now + ((n % 400) - 20) * DAY_MS)),
          createdAt,
          createdAt,
          n % 3 === 0 ? iso(new Date(now - n * 1_000)) : null,
        );
        insertPermission.run(id, permissionId);
        insertSecret.run(randomUUID(), id, organizationId, randomBytes(32).toString("hex"), createdAt);
      }
    })();
    return organizationId;
  } finally {
    sqlite.close();
  }
}

function measures(organizationId: string, keys: number): Measure[] {
  const list = (options: Partial<ListKeysOptions>) => () =>
    listKeys(organizationId, { scope: { type: "organization" }, perPage: 25, ...options });
  const lastPage = Math.ceil(keys / 25);
  const middle = Math.ceil(lastPage / 2);
  const target = 150;
  return [
    { name: "first page, newest first (+ count)", target, run: list({}) },
    { name: `deep page (${middle} of ${lastPage})`, target, run: list({ page: middle }) },
    { name: `last page (${lastPage})`, target, run: list({ page: lastPage }) },
    ...KEY_SORTS.flatMap((sort) =>
      (["asc", "desc"] as const).map((dir) => ({
        name: `sorted by ${sort} ${dir}`,
        target,
        run: list({ sort, dir }),
      })),
    ),
    {
      name: "100 per page, by expiry",
      target,
      run: list({ perPage: 100, sort: "expiresAt", dir: "asc" }),
    },
    ...KEY_FILTER_STATES.map((state) => ({
      name: `filter: ${state}`,
      target,
      run: list({ states: [state] }),
    })),
    {
      name: "filter: expiring, by expiry, page 3",
      target,
      run: list({ states: ["expiring"], sort: "expiresAt", dir: "asc", page: 3 }),
    },
    { name: "search: q=payments", target, run: list({ q: "payments" }) },
    {
      name: "search + filter: q=runner, disabled",
      target,
      run: list({ q: "runner", states: ["disabled"] }),
    },
  ];
}

export async function runKeysBench(options: { keys?: number; runs?: number } = {}): Promise<boolean> {
  const keys = options.keys ?? Number(process.env.BENCH_KEYS ?? 100_000);
  const runs = options.runs ?? Number(process.env.BENCH_KEYS_RUNS ?? 7);
  return withBenchDatabase("keys", async (file) => {
    const started = performance.now();
    const organizationId = seed(file, "bench", keys);
    seed(file, "other", 1_000);
    console.log(
      `keys bench: seeded ${keys.toLocaleString("en-US")} + 1,000 keys in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const results: Result[] = [];
    for (const m of measures(organizationId, keys)) results.push(await measure(m, runs));
    printTable("keys", results);
    return results.every((r) => r.met);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runKeysBench()
    .then((met) => process.exit(met ? 0 : 3))
    .catch((error: unknown) => {
      console.error(`bench keys failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
