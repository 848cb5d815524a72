import { performance } from "node:perf_hooks";
import { rmSync } from "node:fs";
import { applyMigrations } from "@/lib/db/migrate";
import { getDb } from "@/lib/db";
import { syntheticEntries, toCreateRow } from "@/lib/audit/synthetic";
const file = "/tmp/bench100k.db";
for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(file + s, { force: true });
process.env.DATABASE_URL = `file:${file}`;
await applyMigrations(process.env.DATABASE_URL);
const db = getDb();
const org = await db.organization.create({ data: { name: "Bench", slug: "bench" } });
const other = await db.organization.create({ data: { name: "Other", slug: "other" } });
for (const [id, count, seed] of [[org.id, 100000, 1], [other.id, 5000, 2]] as const) {
  const t = performance.now();
  const rows = [...syntheticEntries({ organizationId: id, count, seed, start: new Date(Date.now() - count * 60000) })].map(toCreateRow);
  const t2 = performance.now();
  await db.$transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.auditEntry.createMany({ data: rows.slice(i, i + 1000) });
  }, { timeout: 600000 });
  console.log(count, "generate", Math.round(t2 - t), "ms insert", Math.round(performance.now() - t2), "ms");
}
await db.$disconnect();
