// The audit benchmark: 100,000 entries of one organization (plus another organization's 5,000,
// so every query must filter by organization) in a throwaway SQLite database, then the audit
// page's own queries and the chain verification, timed with medians over several runs.
// `npx tsx scripts/bench/audit.ts` runs it alone; scripts/bench.ts can call runAuditBench().
// Settings: BENCH_AUDIT_ENTRIES (100000; 1000000 for the scale targets), BENCH_AUDIT_RUNS (7). Targets: every page read ≤ 150 ms, the chain check ≤ 10 s, from a checkpoint ≤ 1 s, the export flat in memory.
import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { parseAuditQuery } from "../../lib/audit/filters.ts";
import { getAuditFacets } from "../../lib/audit/facets.ts";
import {
  getChainHead,
  iterateAuditEntries,
  listAuditForTarget,
  listAuditPage,
} from "../../lib/audit/queries.ts";
import { syntheticEntries } from "../../tests/support/synthetic-audit.ts";
import { checkAuditChain } from "../../lib/audit/chain-check.ts";
import { auditCsvRow } from "../../lib/audit/csv.ts";
import { getDb } from "../../lib/db/index.ts";
import {
  benchSummary,
  measure,
  printTable,
  runWhenStarted,
  withBenchDatabase,
  type Measure,
  type Result,
} from "./timing.ts";
import { DAY_MS, MINUTE_MS } from "../../lib/time.ts";

/**
 * Inserts an organization and a valid chain straight through better-sqlite3 in one transaction,
 * in the formats Prisma's SQLite adapter uses (ISO text dates, JSON as text): Prisma's createMany
 * takes minutes for 100,000 rows here, this takes seconds (mostly hashing).
 */
export function seedAuditOrganization(file: string, slug: string, count: number, seed: number): string {
  const sqlite = new Database(file);
  try {
    // A million rows into seven indexes and the AuditTerm triggers: a 256 MiB page cache keeps the
    // index pages in memory instead of rereading them for every row.
    sqlite.pragma("cache_size = -262144");
    const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");
    const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
    const organizationId = randomUUID();
    const now = iso(new Date());
    const insert = sqlite.prepare(
      `INSERT INTO "AuditEntry" (id, organizationId, seq, createdAt, actorType, actorId, actorLabel, ip, userAgent,
        action, outcome, targetType, targetId, targetLabel, changes, metadata, prevHash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    sqlite.transaction(() => {
      sqlite
        .prepare(`INSERT INTO "Organization" (id, name, slug, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`)
        .run(organizationId, slug, slug, now, now);
      const start = new Date(Date.now() - count * MINUTE_MS);
      for (const r of syntheticEntries({ organizationId, count, seed, start, stepMs: MINUTE_MS })) {
        insert.run(
          randomUUID(),
          organizationId,
          r.seq,
          iso(r.createdAt),
          r.actorType,
          r.actorId,
          r.actorLabel,
          r.ip,
          r.userAgent,
          r.action,
          r.outcome,
          r.targetType,
          r.targetId,
          r.targetLabel,
          json(r.changes),
          json(r.metadata),
          r.prevHash,
          r.hash,
        );
      }
    })();
    return organizationId;
  } finally {
    sqlite.close();
  }
}

function measures(organizationId: string, entries: number): Measure[] {
  const page = (search: string) => () =>
    listAuditPage(organizationId, parseAuditQuery(new URLSearchParams(search)));
  const lastPage = Math.ceil(entries / 25);
  const weekAgo = new Date(Date.now() - 7 * DAY_MS).toISOString().slice(0, 10);
  return [
    {
      name: "whole page render (page + facets + head)",
      target: 150,
      run: () =>
        Promise.all([
          listAuditPage(organizationId, parseAuditQuery(new URLSearchParams())),
          getAuditFacets(organizationId),
          getChainHead(organizationId),
        ]),
    },
    { name: "first page (25, newest first) + count", target: 150, run: page("") },
    { name: `deep page (${lastPage - 10} of ${lastPage})`, target: 150, run: page(`page=${lastPage - 10}`) },
    { name: "last page, oldest first at page 1", target: 150, run: page("dir=asc") },
    { name: "filtered page: action=key.rolled", target: 150, run: page("action=key.rolled") },
    {
      name: "filtered deep page: action=key.rolled p.400",
      target: 150,
      run: page("action=key.rolled&page=400"),
    },
    {
      name: "filtered page: actor + outcome",
      target: 150,
      run: page("actor=user:synthetic-user-alice&outcome=success"),
    },
    { name: "filtered page: target key", target: 150, run: page("targetType=key&targetId=synthetic-key-7") },
    { name: "filtered page: last 7 days", target: 150, run: page(`from=${weekAgo}`) },
    { name: "search page: q=alice", target: 150, run: page("q=alice") },
    {
      name: "count (whole log)",
      target: 150,
      run: () => getDb().auditEntry.count({ where: { organizationId } }),
    },
    {
      name: "filter facets (bounded grouped counts)",
      target: 150,
      run: () => getAuditFacets(organizationId),
    },
    { name: "chain head", target: 10, run: () => getChainHead(organizationId) },
    {
      name: "key history (20 newest)",
      target: 20,
      run: () => listAuditForTarget(organizationId, "key", "synthetic-key-7", 20),
    },
  ];
}

/** Writes every entry as CSV in memory, as the export route streams it. */
async function exportAll(organizationId: string): Promise<number> {
  let bytes = 0;
  const filter = parseAuditQuery(new URLSearchParams()).filter;
  for await (const entry of iterateAuditEntries(organizationId, filter)) bytes += auditCsvRow(entry).length;
  return bytes;
}

export async function runAuditBench(options: { entries?: number; runs?: number } = {}): Promise<boolean> {
  const entries = options.entries ?? Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);
  const runs = options.runs ?? Number(process.env.BENCH_AUDIT_RUNS ?? 7);
  return withBenchDatabase("audit", async (file) => {
    let started = performance.now();
    const org = { id: seedAuditOrganization(file, "bench", entries, 1) };
    seedAuditOrganization(file, "other", 5_000, 2);
    console.log(
      `audit bench: seeded ${entries.toLocaleString("en-US")} + 5,000 entries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const results: Result[] = [];
    for (const m of measures(org.id, entries)) results.push(await measure(m, runs));
    const verifyRuns = Math.max(1, Math.min(3, runs));
    results.push(
      await measure(
        {
          name: `checkAuditChain (${entries.toLocaleString("en-US")}, one thread: the audit page)`,
          target: null,
          run: () => verifyOk(org.id),
        },
        verifyRuns,
      ),
    );
    results.push(
      await measure(
        {
          // As `npm run audit:verify` runs it: on the machine's cores (lib/audit/chain-parallel.ts).
          name: `npm run audit:verify (${entries.toLocaleString("en-US")}, ${availableParallelism()} threads)`,
          target: 10_000,
          run: () => verifyOk(org.id, undefined, availableParallelism()),
        },
        verifyRuns,
      ),
    );
    // The fast path of `audit:verify -- --checkpoint`: from a checkpoint 1,000 entries before the head.
    const checkpoint = await getDb().auditEntry.findUniqueOrThrow({
      where: { organizationId_seq: { organizationId: org.id, seq: entries - 1000 } },
      select: { seq: true, hash: true },
    });
    results.push(
      await measure(
        {
          name: "checkAuditChain from a checkpoint (1,000 after it)",
          target: 1_000,
          run: () => verifyOk(org.id, checkpoint),
        },
        verifyRuns,
      ),
    );
    // Streaming keeps memory flat: the resident set is sampled while the export runs.
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 50);
    started = performance.now();
    const bytes = await exportAll(org.id);
    const exportMs = performance.now() - started;
    clearInterval(sampler);
    const rssGrowthMiB = (rssPeak - rssBefore) / 1_048_576;
    console.log(
      `full CSV export: ${(bytes / 1_048_576).toFixed(1)} MiB in ${(exportMs / 1000).toFixed(1)} s (one run)`,
    );
    printTable("audit", results);
    benchSummary("audit", "full CSV export", (exportMs / 1000).toFixed(1), "s", "none (reported)");
    const exportMiB = bytes / 1_048_576;
    // Flat: the process grows by far less than the export's size (a buffered export grows by more).
    const flat = rssGrowthMiB < Math.max(64, exportMiB / 4);
    benchSummary(
      "audit",
      "export RSS growth",
      rssGrowthMiB.toFixed(1),
      "MiB",
      `< max(64, export size / 4) MiB; export ${exportMiB.toFixed(0)} MiB`,
    );
    return results.every((r) => r.met) && flat;
  });
}

async function verifyOk(
  organizationId: string,
  startAt?: { seq: number; hash: string },
  workers = 1,
): Promise<void> {
  const result = await checkAuditChain(organizationId, { startAt, workers });
  if (!result.ok) throw new Error(`the seeded chain does not verify: ${result.problem.message}`);
}

runWhenStarted(import.meta.url, "audit", () => runAuditBench());
