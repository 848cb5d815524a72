// The key table benchmark: 10,000 organization keys (each with a permission and a secret row, and
// another organization's 1,000 beside them, so every query must filter by organization) in a
// throwaway SQLite database, then the table's own query (one page + its count) for the sorts,
// filters and pages a person uses, timed with medians over several runs.
// `npm run bench -- keys` runs it (or `tsx scripts/bench/keys.ts` alone: exit 0 when its targets are
// met, 3 when not).
// Settings: BENCH_KEYS (10000), BENCH_KEYS_RUNS (7).
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { getDb } from "../../lib/db/index.ts";
import { listKeys, type ListKeysOptions } from "../../lib/keys/queries.ts";
import { DAY_MS, MINUTE_MS } from "../../lib/time.ts";
import { measure, printTable, withBenchDatabase, type Measure, type Result } from "./timing.ts";

const BATCH = 1_000;

async function seed(slug: string, count: number): Promise<string> {
  const db = getDb();
  const org = await db.organization.create({ data: { name: slug, slug }, select: { id: true } });
  const permission = await db.permission.create({
    data: { organizationId: org.id, name: "nodes:add" },
    select: { id: true },
  });
  const now = Date.now();
  for (let offset = 0; offset < count; offset += BATCH) {
    const keys = Array.from({ length: Math.min(BATCH, count - offset) }, (_, i) => {
      const n = offset + i;
      return {
        id: `${slug}${String(n).padStart(6, "0")}${randomBytes(4).toString("hex")}`,
        organizationId: org.id,
        label: `${["gateway", "runner", "agent", "pipeline"][n % 4]} ${String(n).padStart(5, "0")}`,
        description: n % 7 === 0 ? "deploys the payments cluster" : "",
        allowedCidrs: [],
        expiresAt: new Date(now + ((n % 400) - 20) * DAY_MS),
        createdAt: new Date(now - (count - n) * MINUTE_MS),
        state: n % 10 === 0 ? "disabled" : n % 25 === 0 ? "revoked" : "active",
        lastUsedAt: n % 3 === 0 ? new Date(now - n * 1_000) : null,
      };
    });
    await db.apiKey.createMany({ data: keys });
    await db.keyPermission.createMany({
      data: keys.map((key) => ({ keyId: key.id, permissionId: permission.id })),
    });
    await db.keySecret.createMany({
      data: keys.map((key) => ({
        keyId: key.id,
        organizationId: org.id,
        slot: "primary",
        hash: randomBytes(32).toString("hex"),
        hint: "kp_…abcd",
      })),
    });
  }
  return org.id;
}

function measures(organizationId: string, keys: number): Measure[] {
  const list = (options: Partial<ListKeysOptions>) => () =>
    listKeys(organizationId, { scope: { type: "organization" }, perPage: 25, ...options });
  const lastPage = Math.ceil(keys / 25);
  return [
    { name: "first page, newest first (+ count)", target: 50, run: list({}) },
    { name: "sorted by label", target: 50, run: list({ sort: "label", dir: "asc" }) },
    { name: "sorted by last use", target: 80, run: list({ sort: "lastUsedAt", dir: "desc" }) },
    { name: `last page (${lastPage})`, target: 80, run: list({ page: lastPage }) },
    {
      name: "100 per page, by expiry",
      target: 80,
      run: list({ perPage: 100, sort: "expiresAt", dir: "asc" }),
    },
    { name: "filter: active", target: 80, run: list({ states: ["active"] }) },
    {
      name: "filter: expiring, by expiry, page 3",
      target: 80,
      run: list({ states: ["expiring"], sort: "expiresAt", dir: "asc", page: 3 }),
    },
    { name: "search: q=payments", target: 100, run: list({ q: "payments" }) },
    {
      name: "search + filter: q=runner, disabled",
      target: 100,
      run: list({ q: "runner", states: ["disabled"] }),
    },
  ];
}

export async function runKeysBench(options: { keys?: number; runs?: number } = {}): Promise<boolean> {
  const keys = options.keys ?? Number(process.env.BENCH_KEYS ?? 10_000);
  const runs = options.runs ?? Number(process.env.BENCH_KEYS_RUNS ?? 7);
  return withBenchDatabase("keys", async () => {
    const started = performance.now();
    const organizationId = await seed("bench", keys);
    await seed("other", 1_000);
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
