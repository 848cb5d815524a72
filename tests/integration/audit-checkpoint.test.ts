import { execFile } from "node:child_process";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { computeEntryHash, type StoredEntry } from "@/lib/audit/chain";
import { writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";

// Failure 10 of issue 12: deleting the newest entries, or rewriting the log and recomputing the
// chain, leaves a chain that checks out on its own. Run on SQLite and PostgreSQL, through
// `npm run audit:verify` started as a child process.

const database = useTestDatabase();
const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
const LENGTH = 12;
let orgId: string;
let orgSlug: string;

beforeEach(async () => {
  const { org, owner } = await createOrgWithOwner("Checkpoint Test");
  orgId = org.id;
  orgSlug = org.slug;
  const ctx: Ctx = {
    actor: { type: "user", id: owner.id, label: owner.email },
    organizationId: org.id,
    meta: { ip: "198.51.100.9", userAgent: "vitest" },
  };
  for (let i = 2; i <= LENGTH; i++) {
    await transact((tx) =>
      writeAudit(tx, ctx, { action: "system.created", targetType: "system", targetId: `s-${i}` }),
    );
  }
});

function runVerify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, join(PROJECT_ROOT, "scripts", "audit-verify.ts"), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: database.current().url } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function entries(): Promise<StoredEntry[]> {
  return getDb().auditEntry.findMany({ where: { organizationId: orgId }, orderBy: { seq: "asc" } });
}

/** Deletes the newest entries, from `fromSeq` on, as someone with database access could. */
async function truncate(fromSeq: number): Promise<void> {
  await getDb().$executeRaw`DELETE FROM "AuditEntry" WHERE "organizationId" = ${orgId} AND seq >= ${fromSeq}`;
}

/** Rewrites entry `seq` and recomputes every hash after it, so the chain checks out again. */
async function rewriteAndRecompute(seq: number): Promise<void> {
  let prevHash: string | null = null;
  for (const entry of await entries()) {
    if (entry.seq < seq) {
      prevHash = entry.hash;
      continue;
    }
    const forged = {
      ...entry,
      prevHash: prevHash ?? entry.prevHash,
      actorLabel: entry.seq === seq ? "nobody@example.test" : entry.actorLabel,
    };
    const hash = computeEntryHash(forged);
    await getDb().auditEntry.update({
      where: { id: entry.id },
      data: { actorLabel: forged.actorLabel, prevHash: forged.prevHash, hash },
    });
    prevHash = hash;
  }
}

describe("attack: the chain alone", () => {
  it("does not notice the newest entries deleted", async () => {
    await truncate(LENGTH - 2);
    const result = await runVerify("--org", orgSlug);
    expect(result.stdout).toContain(`✓ ${orgSlug}: intact, ${LENGTH - 3} entries`);
    expect(result.code).toBe(0);
  });

  it("does not notice a rewritten log whose chain was recomputed", async () => {
    await rewriteAndRecompute(5);
    const result = await runVerify("--org", orgSlug);
    expect(result.stdout).toContain(`✓ ${orgSlug}: intact, ${LENGTH} entries`);
    expect(result.code).toBe(0);
  });
});
