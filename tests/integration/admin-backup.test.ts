import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { createDb } from "@/lib/db";
import { runCli } from "../support/api-server";
import { seedAuditChain } from "../support/audit";
import { useTestDatabase, testProvider } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";

// `keyplane admin backup FILE`: on SQLite a copy that opens on its own with the audit chain intact;
// on PostgreSQL a pointer to pg_dump and no copy.

const database = useTestDatabase();
const dir = mkdtempSync(join(tmpdir(), "keyplane-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(testProvider() === "sqlite")("admin backup on SQLite", () => {
  it("copies the database; the copy's audit chain verifies", async () => {
    const { org } = await createOrgWithOwner("Acme");
    const seeded = await seedAuditChain({ organizationId: org.id, count: 300 });
    const file = join(dir, "keyplane-backup.db");

    const run = await runCli(["admin", "backup", file], { DATABASE_URL: database.current().url });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Backed up .+ to .+keyplane-backup\.db \(\d+ pages\)\./);

    const restored = createDb(`file:${file}`).db;
    try {
      const check = await checkAuditChain(org.id, { db: restored });
      expect(check).toMatchObject({ ok: true, head: { seq: seeded.head.seq, hash: seeded.head.hash } });
      expect(await restored.organization.count()).toBe(await database.current().db.organization.count());
    } finally {
      await restored.$disconnect();
    }
  });

  it("never overwrites a file", async () => {
    const file = join(dir, "taken.db");
    writeFileSync(file, "keep me");
    const run = await runCli(["admin", "backup", file], { DATABASE_URL: database.current().url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("exists");
  });
});

describe.runIf(testProvider() === "postgresql")("admin backup on PostgreSQL", () => {
  it("points to pg_dump and makes no copy", async () => {
    const file = join(dir, "pg.dump");
    const run = await runCli(["admin", "backup", file], { DATABASE_URL: database.current().url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("pg_dump");
    expect(existsSync(file)).toBe(false);
  });
});
