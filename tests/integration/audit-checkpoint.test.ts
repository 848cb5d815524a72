import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createCheckpointAction } from "@/lib/audit/actions";
import { computeEntryHash, type StoredEntry } from "@/lib/audit/chain";
import { checkpointDocument, parseCheckpointDocument } from "@/lib/audit/checkpoint-document";
import {
  parseAuditSigningKey,
  signCheckpoint,
  verifyCheckpointSignature,
} from "@/lib/audit/checkpoint-signature";
import { anchorPendingCheckpoints, checkpointAndAnchor, runHourlyCheckpoints } from "@/lib/audit/checkpoints";
import { writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { transact } from "@/lib/db/transaction";
import { generateAuditSigningKey } from "@/lib/env/local-secrets";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, signInAs } from "../support/fixtures";

// Failure 10 of issue 12: deleting the newest entries, or rewriting the log and recomputing the
// chain, leaves a chain that checks out on its own. Run on SQLite and PostgreSQL, through
// `npm run audit:verify` started as a child process (each run starts tsx: allow a minute or two on
// a busy machine).

vi.setConfig({ testTimeout: 120_000 });

const database = useTestDatabase();
const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
const LENGTH = 12;
const files = mkdtempSync(join(tmpdir(), "keyplane-checkpoint-"));
let org: { id: string; slug: string; name: string };
let orgId: string;
let orgSlug: string;
let owner: { id: string; email: string };
let ctx: Ctx;

beforeEach(async () => {
  ({ org, owner } = await createOrgWithOwner("Checkpoint Test"));
  orgId = org.id;
  orgSlug = org.slug;
  ctx = {
    actor: { type: "user", id: owner.id, label: owner.email },
    organizationId: org.id,
    meta: { ip: "198.51.100.9", userAgent: "vitest" },
  };
  await append(LENGTH - 1);
});

/** Appends `n` ordinary entries through the one writer. */
async function append(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await transact((tx) =>
      writeAudit(tx, ctx, { action: "system.created", targetType: "system", targetId: `s-${i}` }),
    );
  }
}

/** "Create checkpoint now" as the owner, and the checkpoint written to a file as the page downloads it. */
async function checkpointFile(): Promise<{ file: string; seq: number }> {
  await signInAs(owner);
  const result = await createCheckpointAction({ organizationId: orgId });
  if (!result.ok) throw new Error(result.message);
  const row = await getDb().auditCheckpoint.findUniqueOrThrow({ where: { id: result.data.id } });
  const file = join(files, `${row.id}.json`);
  writeFileSync(file, JSON.stringify(checkpointDocument(org, row), null, 2));
  return { file, seq: row.seq };
}

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

describe("with a signed checkpoint", () => {
  it("proves the untouched log extends it, reading only the entries after it", async () => {
    const { file, seq } = await checkpointFile();
    expect(seq).toBe(LENGTH + 1); // the checkpoint signs its own "checkpoint created" entry
    await append(3);
    const result = await runVerify("--checkpoint", file);
    expect(result.stdout).toMatch(
      new RegExp(`✓ ${orgSlug}: extends the signed checkpoint #${seq} of .*; 3 entries after it check out`),
    );
    expect(result.code).toBe(0);
  });

  it("reports the newest entries deleted (after and at the checkpoint)", async () => {
    const { file, seq } = await checkpointFile();
    await append(2);
    await truncate(seq);
    const result = await runVerify("--checkpoint", file);
    expect(result.stdout).toContain(
      `✗ ${orgSlug}: BROKEN at #${seq} (missing): The log ends at #${seq - 1}, but the signed checkpoint is #${seq}: entry #${seq} was deleted.`,
    );
    expect(result.stderr).toContain("1 broken chain(s).");
    expect(result.code).toBe(1);
  });

  it("reports a rewritten log whose chain was recomputed, on the fast path and with --full", async () => {
    const { file, seq } = await checkpointFile();
    await append(2);
    await rewriteAndRecompute(5);
    const fast = await runVerify("--checkpoint", file);
    expect(fast.stdout).toContain(
      `✗ ${orgSlug}: BROKEN at #${seq} (altered, entry ${(await entries())[seq - 1]?.id}): Entry #${seq} is not the signed checkpoint: the log was rewritten at or before #${seq}.`,
    );
    expect(fast.code).toBe(1);
    const full = await runVerify("--checkpoint", file, "--full");
    expect(full.stdout).toContain(`✗ ${orgSlug}: BROKEN at #${seq} (altered`);
    expect(full.code).toBe(1);
  });

  it("refuses a checkpoint file whose claim was edited to match a rewritten log", async () => {
    const { file, seq } = await checkpointFile();
    await rewriteAndRecompute(5);
    const document = JSON.parse(readFile(file)) as { hash: string };
    document.hash = (await entries())[seq - 1]?.hash ?? "";
    writeFileSync(file, JSON.stringify(document));
    const result = await runVerify("--checkpoint", file);
    expect(result.stdout).toContain(`✗ ${orgSlug}: the checkpoint's signature does not verify`);
    expect(result.code).toBe(1);
  });

  it("refuses a checkpoint of the rewritten log signed with a key of the forger's own", async () => {
    const { seq } = await checkpointFile();
    await rewriteAndRecompute(5);
    const forgedHead = (await entries())[seq - 1];
    if (!forgedHead) throw new Error("no entry at the checkpoint");
    const claim = { organizationId: orgId, seq, hash: forgedHead.hash, createdAt: new Date() };
    const forgerKey = parseAuditSigningKey(generateAuditSigningKey());
    if (!forgerKey) throw new Error("no key");
    const file = join(files, "forged.json");
    writeFileSync(
      file,
      JSON.stringify(checkpointDocument(org, { ...claim, ...signCheckpoint(claim, forgerKey), id: "x" })),
    );
    const result = await runVerify("--checkpoint", file);
    expect(result.stdout).toMatch(
      new RegExp(
        `✗ ${orgSlug}: the checkpoint is signed by key [0-9a-f]{16}, but this installation signs with key [0-9a-f]{16}\\.`,
      ),
    );
    expect(result.code).toBe(1);
  });
});

function readFile(file: string): string {
  return readFileSync(file, "utf8");
}

describe("the hourly checkpoint", () => {
  const hourOf = (n: number) => new Date(Date.UTC(2030, 0, 1, n, 17));
  const rows = () =>
    getDb().auditCheckpoint.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: "asc" } });

  it("signs each organization's head once per hour, even when two instances run it at once", async () => {
    const runs = await Promise.all([
      runHourlyCheckpoints(getDb(), hourOf(1)),
      runHourlyCheckpoints(getDb(), hourOf(1)),
    ]);
    const mine = await rows();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      seq: LENGTH,
      hour: new Date(Date.UTC(2030, 0, 1, 1)),
      createdBy: "hourly",
    });
    const all = await getDb().auditCheckpoint.count({ where: { hour: new Date(Date.UTC(2030, 0, 1, 1)) } });
    expect((runs[0]?.created ?? 0) + (runs[1]?.created ?? 0)).toBe(all);
    const [row] = mine;
    if (row) expect(verifyCheckpointSignature(row, row)).toMatchObject({ ok: true });

    // Later in the same hour, with a new entry: still one for this hour (the database refuses a second).
    await append(1);
    await runHourlyCheckpoints(getDb(), new Date(hourOf(1).getTime() + 20 * 60_000));
    expect(await rows()).toHaveLength(1);
    const duplicate = getDb().auditCheckpoint.create({
      data: { ...(row as NonNullable<typeof row>), id: undefined, hour: row?.hour },
    });
    await expect(duplicate).rejects.toSatisfy(isUniqueViolation);

    // The next hour signs the moved head; the hour after, with nothing new, adds nothing.
    await runHourlyCheckpoints(getDb(), hourOf(2));
    await runHourlyCheckpoints(getDb(), hourOf(3));
    expect((await rows()).map((r) => r.seq)).toEqual([LENGTH, LENGTH + 1]);
  });
});

describe("the anchor", () => {
  const received: unknown[] = [];
  let status = 503;
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (status < 300) received.push(JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  let url = "";

  beforeEach(async () => {
    if (!receiver.listening) {
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/checkpoints`;
    }
    // Earlier tests left checkpoints nobody anchored: mark them so only this test's are pending.
    await getDb().auditCheckpoint.updateMany({
      where: { anchoredAt: null },
      data: { anchoredAt: new Date() },
    });
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("receives every checkpoint by POST; a failure is logged and retried on the next run", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      status = 503;
      // The hourly run does not fail or wait on a refusing anchor: the checkpoint stays pending.
      await checkpointAndAnchor(getDb(), new Date(Date.UTC(2031, 0, 1, 5)), url);
      const pending = await getDb().auditCheckpoint.findFirstOrThrow({ where: { organizationId: orgId } });
      expect(pending.anchoredAt).toBeNull();
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining("checkpoint not anchored, retried next hour"),
      );

      status = 204;
      expect(await anchorPendingCheckpoints(getDb(), url)).toMatchObject({ sent: expect.any(Number) });
      const sent = received.map(parseCheckpointDocument).find((d) => d?.organization.id === orgId);
      expect(sent?.claim).toEqual({
        organizationId: orgId,
        seq: pending.seq,
        hash: pending.hash,
        createdAt: pending.createdAt,
      });
      if (sent) expect(verifyCheckpointSignature(sent.claim, sent.signed)).toMatchObject({ ok: true });
      const anchored = await getDb().auditCheckpoint.findUniqueOrThrow({ where: { id: pending.id } });
      expect(anchored.anchoredAt).not.toBeNull();
      // Once accepted, never sent again.
      received.length = 0;
      await anchorPendingCheckpoints(getDb(), url);
      expect(received.filter((d) => parseCheckpointDocument(d)?.claim.seq === pending.seq)).toHaveLength(0);
    } finally {
      errors.mockRestore();
    }
  });
});
