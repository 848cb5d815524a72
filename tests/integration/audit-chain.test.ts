import { DbNull } from "@prisma/client/runtime/client";
import { beforeEach, describe, expect, it } from "vitest";
import { computeEntryHash, type StoredEntry } from "@/lib/audit/chain";
import { writeAudit } from "@/lib/audit/write";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { checkChainInParallel } from "@/lib/audit/chain-parallel";
import type { Ctx } from "@/lib/context";
import { dbProvider, getDb, type Prisma } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";

// Tampering with audit rows directly in the database (as someone with database access could),
// and showing that verification names the first bad entry. Runs on SQLite and PostgreSQL.

useTestDatabase();

const LENGTH = 12;
let orgId: string;

/** A fresh organization whose chain has LENGTH entries written by writeAudit (seq 1 is its creation). */
beforeEach(async () => {
  const { org, owner } = await createOrgWithOwner("Tamper Test");
  orgId = org.id;
  const ctx: Ctx = {
    actor: { type: "user", id: owner.id, label: owner.email },
    organizationId: org.id,
    meta: { ip: "198.51.100.9", userAgent: "vitest" },
  };
  for (let i = 2; i <= LENGTH; i++) {
    await transact((tx) =>
      writeAudit(tx, ctx, {
        action: i % 3 === 0 ? "key.updated" : "system.created",
        targetType: i % 3 === 0 ? "key" : "system",
        targetId: `target-${i}`,
        targetLabel: `Target ${i}`,
        changes: {
          label: { before: `old ${i}`, after: `new ${i}` },
          cidrs: { before: [], after: ["10.0.0.0/8"] },
        },
        metadata: i % 2 === 0 ? { grace: "1h", n: i } : null,
      }),
    );
  }
});

async function entry(seq: number): Promise<StoredEntry> {
  return getDb().auditEntry.findUniqueOrThrow({
    where: { organizationId_seq: { organizationId: orgId, seq } },
  });
}

/** Renumbers entries from `fromSeq` on by `delta`, in two steps so the unique (org, seq) index never clashes. */
async function renumber(fromSeq: number, delta: number): Promise<void> {
  const db = getDb();
  await db.$executeRaw`UPDATE "AuditEntry" SET seq = -seq WHERE "organizationId" = ${orgId} AND seq >= ${fromSeq}`;
  await db.$executeRaw`UPDATE "AuditEntry" SET seq = -seq + ${delta} WHERE "organizationId" = ${orgId} AND seq < 0`;
}

function contentOf(e: StoredEntry): Prisma.AuditEntryUpdateInput {
  return {
    createdAt: e.createdAt,
    actorType: e.actorType,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    ip: e.ip,
    userAgent: e.userAgent,
    action: e.action,
    outcome: e.outcome,
    targetType: e.targetType,
    targetId: e.targetId,
    targetLabel: e.targetLabel,
    // DbNull, not undefined: a swap must also clear a JSON column the other entry left empty.
    changes: e.changes === null ? DbNull : (e.changes as Prisma.InputJsonValue),
    metadata: e.metadata === null ? DbNull : (e.metadata as Prisma.InputJsonValue),
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

describe("audit chain verification", () => {
  it("accepts an untouched chain and reports its head", async () => {
    const last = await entry(LENGTH);
    expect(await checkAuditChain(orgId)).toEqual({
      ok: true,
      count: LENGTH,
      head: { seq: LENGTH, hash: last.hash, createdAt: last.createdAt },
    });
  });

  it("reads the chain in pages and finds a break on either side of a page boundary", async () => {
    expect(await checkAuditChain(orgId, { pageSize: 5 })).toMatchObject({ ok: true, count: LENGTH });
    for (const seq of [5, 6]) {
      const target = await entry(seq);
      await getDb().auditEntry.update({ where: { id: target.id }, data: { actorLabel: "x@example.test" } });
      expect(await checkAuditChain(orgId, { pageSize: 5 })).toMatchObject({
        ok: false,
        checked: seq - 1,
        problem: { seq, entryId: target.id, kind: "altered" },
      });
      await getDb().auditEntry.update({ where: { id: target.id }, data: { actorLabel: target.actorLabel } });
    }
  });

  it.each<[string, Prisma.AuditEntryUpdateInput]>([
    ["createdAt", { createdAt: new Date("2020-01-01T00:00:00Z") }],
    ["actorType", { actorType: "operator" }],
    ["actorId", { actorId: "someone-else" }],
    ["actorLabel", { actorLabel: "intruder@example.test" }],
    ["ip", { ip: "192.0.2.1" }],
    ["userAgent", { userAgent: null }],
    ["action", { action: "system.deleted" }],
    ["outcome", { outcome: "denied" }],
    ["targetType", { targetType: "organization" }],
    ["targetId", { targetId: "target-999" }],
    ["targetLabel", { targetLabel: "Something else" }],
    ["changes", { changes: { label: { before: "old 6", after: "forged" } } }],
    ["metadata", { metadata: { grace: "7d", n: 6 } }],
    ["hash", { hash: "f".repeat(64) }],
    ["prevHash", { prevHash: "e".repeat(64) }],
  ])("detects an altered %s (Prisma client update)", async (_field, data) => {
    const target = await entry(6);
    await getDb().auditEntry.update({ where: { id: target.id }, data });
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      checked: 5,
      problem: { seq: 6, entryId: target.id, kind: "altered" },
    });
  });

  it("detects a JSON value altered in place with raw SQL", async () => {
    const target = await entry(4);
    await getDb()
      .$executeRaw`UPDATE "AuditEntry" SET "targetLabel" = ${"Renamed"}, metadata = NULL WHERE id = ${target.id}`;
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      problem: { seq: 4, entryId: target.id, kind: "altered" },
    });
  });

  it("detects an altered entry that was re-hashed to look valid, naming it", async () => {
    const target = await entry(7);
    const forged = { ...target, actorLabel: "intruder@example.test" };
    await getDb().auditEntry.update({
      where: { id: target.id },
      data: { actorLabel: forged.actorLabel, hash: computeEntryHash(forged) },
    });
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      problem: { seq: 7, entryId: target.id, kind: "altered" },
    });
  });

  it("detects a deleted entry", async () => {
    await getDb().$executeRaw`DELETE FROM "AuditEntry" WHERE "organizationId" = ${orgId} AND seq = 5`;
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      checked: 4,
      problem: { seq: 5, entryId: null, kind: "missing" },
    });
  });

  it("detects a deletion hidden by renumbering the later entries", async () => {
    const moved = await entry(6);
    await getDb().auditEntry.delete({ where: { organizationId_seq: { organizationId: orgId, seq: 5 } } });
    await renumber(6, -1);
    const result = await checkAuditChain(orgId);
    expect(result).toMatchObject({ ok: false, problem: { seq: 5, entryId: moved.id, kind: "missing" } });
  });

  it("detects an entry moved to another organization", async () => {
    const other = await createOrgWithOwner("Elsewhere");
    const target = await entry(LENGTH - 2);
    await getDb().auditEntry.update({
      where: { id: target.id },
      data: { organization: { connect: { id: other.org.id } }, seq: 1000 },
    });
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      problem: { seq: LENGTH - 2, kind: "missing" },
    });
  });

  it("detects a forged entry appended with the next seq and a wrong prevHash", async () => {
    const last = await entry(LENGTH);
    const fields = { ...last, seq: LENGTH + 1, action: "key.deleted", prevHash: "a".repeat(64) };
    const forged = await getDb().auditEntry.create({
      data: {
        ...contentOf(fields),
        organizationId: orgId,
        seq: LENGTH + 1,
        hash: computeEntryHash(fields),
      } as Prisma.AuditEntryUncheckedCreateInput,
    });
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      checked: LENGTH,
      problem: { seq: LENGTH + 1, entryId: forged.id, kind: "inserted" },
    });
  });

  it("detects a correctly hashed forged entry inserted in the middle by renumbering", async () => {
    const before = await entry(5);
    await renumber(6, 1);
    const fields = {
      ...before,
      seq: 6,
      action: "key.created",
      targetLabel: "backdoor",
      prevHash: before.hash,
    };
    const forged = await getDb().auditEntry.create({
      data: {
        ...contentOf(fields),
        organizationId: orgId,
        seq: 6,
        hash: computeEntryHash(fields),
      } as Prisma.AuditEntryUncheckedCreateInput,
    });
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      checked: 6,
      problem: { seq: 6, entryId: forged.id, kind: "inserted" },
    });
  });

  it.each([
    ["neighbouring", 4, 5],
    ["distant", 3, 9],
  ])("detects the contents of two %s entries swapped", async (_case, a, b) => {
    const first = await entry(a);
    const second = await entry(b);
    const db = getDb();
    await db.$transaction([
      db.auditEntry.update({ where: { id: first.id }, data: contentOf(second) }),
      db.auditEntry.update({ where: { id: second.id }, data: contentOf(first) }),
    ]);
    expect(await checkAuditChain(orgId)).toMatchObject({
      ok: false,
      checked: a - 1,
      problem: { seq: a, entryId: first.id, kind: "reordered" },
    });
  });

  it("catches removed newest entries with a chain head kept elsewhere", async () => {
    const kept = await entry(LENGTH);
    await getDb()
      .$executeRaw`DELETE FROM "AuditEntry" WHERE "organizationId" = ${orgId} AND seq > ${LENGTH - 2}`;
    // The rest of the chain is intact, so on its own it cannot tell.
    expect(await checkAuditChain(orgId)).toMatchObject({ ok: true, count: LENGTH - 2 });
    const result = await checkAuditChain(orgId, { expectedHead: { seq: kept.seq, hash: kept.hash } });
    expect(result).toMatchObject({ ok: false, problem: { seq: LENGTH - 1, entryId: null, kind: "missing" } });
    if (!result.ok) expect(result.problem.message).toContain(`#${LENGTH - 1}–#${LENGTH}`);
  });

  it("catches a re-hashed newest entry with a chain head kept elsewhere", async () => {
    const kept = await entry(LENGTH);
    const forged = { ...kept, action: "nothing.happened" };
    await getDb().auditEntry.update({
      where: { id: kept.id },
      data: { action: forged.action, hash: computeEntryHash(forged) },
    });
    expect(await checkAuditChain(orgId)).toMatchObject({ ok: true });
    expect(await checkAuditChain(orgId, { expectedHead: { seq: kept.seq, hash: kept.hash } })).toMatchObject({
      ok: false,
      checked: LENGTH - 1,
      problem: { seq: LENGTH, entryId: kept.id, kind: "altered" },
    });
  });

  it("accepts a kept head that is older than the newest entry", async () => {
    const kept = await entry(8);
    expect(await checkAuditChain(orgId, { expectedHead: { seq: kept.seq, hash: kept.hash } })).toMatchObject({
      ok: true,
      count: LENGTH,
    });
  });

  it("reports an organization without entries as an empty, intact chain", async () => {
    expect(await checkAuditChain("no-such-organization")).toEqual({ ok: true, count: 0, head: null });
  });
});

describe("audit chain verification on worker threads (npm run audit:verify)", () => {
  const split = { workers: 3, pageSize: 2, entriesPerPart: 3 };
  const onSqlite = () => dbProvider() === "sqlite";

  it("splits an intact log into parts that meet, with the same answer as one walk", async () => {
    const parallel = await checkChainInParallel(orgId, split);
    // The parts are walked in SQLite files only; on PostgreSQL the log is walked on one thread.
    expect(parallel).toEqual(onSqlite() ? await checkAuditChain(orgId) : null);
    expect(await checkAuditChain(orgId, { workers: 3, entriesPerWorker: 3 })).toEqual(
      await checkAuditChain(orgId),
    );
  });

  it.each([
    ["an altered entry inside a part", 9],
    ["an altered entry a part ends on", 8],
    ["an altered first entry of a part", 5],
  ])("declines %s, and the check names it as one walk does", async (_case, seq) => {
    const target = await entry(seq);
    await getDb().auditEntry.update({ where: { id: target.id }, data: { targetLabel: "Forged" } });
    expect(await checkChainInParallel(orgId, split)).toBeNull();
    const expected = {
      ok: false,
      checked: seq - 1,
      problem: { seq, entryId: target.id, kind: "altered" },
    };
    expect(await checkAuditChain(orgId, { workers: 3, entriesPerWorker: 3 })).toMatchObject(expected);
    expect(await checkAuditChain(orgId)).toMatchObject(expected);
  });

  it("declines a log whose entry at a part's boundary was deleted", async () => {
    const gone = await entry(4);
    await getDb().auditEntry.delete({ where: { id: gone.id } });
    expect(await checkChainInParallel(orgId, split)).toBeNull();
    expect(await checkAuditChain(orgId, { workers: 3, entriesPerWorker: 3 })).toMatchObject({
      ok: false,
      problem: { seq: 4, kind: "missing" },
    });
  });
});
