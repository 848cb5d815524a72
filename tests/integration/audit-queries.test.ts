import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getAuditFacets } from "@/lib/audit/facets";
import { parseAuditQuery, type AuditFilter } from "@/lib/audit/filters";
import {
  auditWhere,
  getAuditEntry,
  getChainHead,
  iterateAuditEntries,
  listAuditForTarget,
  listAuditPage,
} from "@/lib/audit/queries";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { dbProvider, getDb, type Prisma } from "@/lib/db";
import { seedAuditChain } from "../support/audit";
import { useTestDatabase } from "../support/db";
import { PROJECT_ROOT } from "@/lib/db/migrate";
import { createOrgWithOwner } from "../support/fixtures";

// The audit page's reads on a log of 400 synthetic entries, one per hour from 2026-01-01, beside
// another organization's log that must never show through.

useTestDatabase();

const SEEDED = 400;
let orgId: string;
let otherOrgId: string;
let total: number;

const query = (search: string) => parseAuditQuery(new URLSearchParams(search));
const seqs = (rows: { seq: number }[]) => rows.map((r) => r.seq);

/**
 * What a search matches, by its definition: a LIKE over every entry's text (the page finds the
 * same entries through AuditTerm and the label indexes).
 */
function searchByScan(q: string): Prisma.AuditEntryWhereInput {
  const contains: Prisma.StringFilter = Object.assign(
    { contains: q },
    dbProvider() === "postgresql" ? { mode: "insensitive" } : {},
  );
  const seq = /^#?(\d{1,9})$/.exec(q)?.[1];
  return {
    OR: [
      { actorLabel: contains },
      { targetLabel: contains },
      { action: contains },
      { targetId: q },
      ...(seq ? [{ seq: Number(seq) }] : []),
    ],
  };
}

async function expectedSeqs(
  filter: AuditFilter,
  dir: "asc" | "desc" = "desc",
  organizationId = orgId,
): Promise<number[]> {
  const rest = await auditWhere(organizationId, { ...filter, q: undefined });
  const rows = await getDb().auditEntry.findMany({
    where: filter.q ? { AND: [rest, searchByScan(filter.q)] } : rest,
    orderBy: { seq: dir },
    select: { seq: true },
  });
  return seqs(rows);
}

beforeAll(async () => {
  const a = await createOrgWithOwner("Acme");
  const b = await createOrgWithOwner("Globex");
  orgId = a.org.id;
  otherOrgId = b.org.id;
  await seedAuditChain({
    organizationId: orgId,
    count: SEEDED,
    start: new Date("2026-01-01T00:00:00Z"),
    stepMs: 3_600_000,
  });
  await seedAuditChain({ organizationId: otherOrgId, count: 50, seed: 7 });
  total = SEEDED + 1;
});

describe("the audit page's queries", () => {
  it("the seeded chain is a valid one", async () => {
    expect(await checkAuditChain(orgId, { pageSize: 64 })).toMatchObject({ ok: true, count: total });
  });

  it("pages through the whole log by seq, newest first, the same as an offset would", async () => {
    const perPage = 100;
    const all = await expectedSeqs({ actions: [], outcomes: [] });
    for (let page = 1; page <= Math.ceil(total / perPage); page++) {
      const result = await listAuditPage(orgId, query(`perPage=${perPage}&page=${page}`));
      expect(seqs(result.rows)).toEqual(all.slice((page - 1) * perPage, page * perPage));
      expect(result).toMatchObject({ totalCount: total, pageCount: 5 });
    }
  });

  it("pages oldest first too", async () => {
    const result = await listAuditPage(orgId, query("dir=asc&page=2&perPage=25"));
    expect(seqs(result.rows)).toEqual(Array.from({ length: 25 }, (_, i) => 26 + i));
  });

  it("returns an empty page past the end", async () => {
    const result = await listAuditPage(orgId, query("page=99"));
    expect(result.rows).toEqual([]);
    expect(result.totalCount).toBe(total);
  });

  it.each([
    ["an action", "action=key.rolled"],
    ["two actions", "action=key.rolled,key.revoked"],
    ["an outcome", "outcome=denied,failed"],
    ["an actor", "actor=user:synthetic-user-alice"],
    ["an API key actor", "actor=key:synthetic-key-ci-1"],
    ["a target type", "targetType=system"],
    ["a target", "targetType=key&targetId=synthetic-key-7"],
    ["a time range", "from=2026-01-03&to=2026-01-04"],
    ["a search on the actor", "q=ALICE"],
    ["a search on the target label", "q=ledger-key"],
    ["a search on the action", "q=secret_viewed"],
    ["a search and an action", "q=alice&action=key.rolled,key.created"],
    ["a search and a time range", "q=ledger&from=2026-01-03&to=2026-01-09"],
    ["everything at once", "action=key.updated,key.created&actor=user:synthetic-user-bob&from=2026-01-02"],
  ])("filters by %s, with its count and pages", async (_case, search) => {
    const expected = await expectedSeqs(query(search).filter);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(total);
    for (const page of [1, 2]) {
      const result = await listAuditPage(orgId, query(`${search}&perPage=10&page=${page}`));
      expect(seqs(result.rows)).toEqual(expected.slice((page - 1) * 10, page * 10));
      expect(result.totalCount).toBe(expected.length);
      expect(result.pageCount).toBe(Math.max(1, Math.ceil(expected.length / 10)));
    }
  });

  it("includes both days of a time range, from midnight to midnight UTC", async () => {
    const result = await listAuditPage(orgId, query("from=2026-01-02&to=2026-01-02&dir=asc&perPage=50"));
    const times = result.rows.map((r) => r.createdAt.toISOString());
    expect(times).toHaveLength(24);
    expect(times[0]).toBe("2026-01-02T00:00:00.000Z");
    expect(times[23]).toBe("2026-01-02T23:00:00.000Z");
  });

  it("finds an entry by #seq or by its target's exact id", async () => {
    expect(seqs((await listAuditPage(orgId, query("q=%2342"))).rows)).toContain(42);
    const byId = await listAuditPage(orgId, query("q=synthetic-key-7"));
    expect(byId.totalCount).toBeGreaterThan(0);
    expect(
      byId.rows.every((r) => r.targetId === "synthetic-key-7" || r.targetLabel?.includes("synthetic-key-7")),
    ).toBe(true);
  });

  it.each([
    "alice",
    "ALICE@EXAMPLE",
    "example.test",
    "key",
    "ledger-key-1",
    "payments",
    "ROLLED",
    "key.r",
    "synthetic-key-7",
    "synthetic-user-bob",
    "42",
    "#7",
    "ci-deployer",
    "no-such-thing",
  ])("finds for q=%s exactly the entries a scan of every entry's text finds", async (q) => {
    const expected = await expectedSeqs({ q, actions: [], outcomes: [] });
    const result = await listAuditPage(orgId, query(`q=${encodeURIComponent(q)}&perPage=100`));
    expect(result.totalCount).toBe(expected.length);
    expect(seqs(result.rows)).toEqual(expected.slice(0, 100));
    const exported: number[] = [];
    const filter = query(`q=${encodeURIComponent(q)}`).filter;
    for await (const entry of iterateAuditEntries(orgId, filter, "desc", 50)) exported.push(entry.seq);
    expect(exported).toEqual(expected);
  });

  it("searches the entries as they are now, after one was changed or removed in place", async () => {
    const org = await createOrgWithOwner("Tampered");
    await seedAuditChain({ organizationId: org.org.id, count: 30, seed: 8 });
    const db = getDb();
    await db.auditEntry.update({
      where: { organizationId_seq: { organizationId: org.org.id, seq: 5 } },
      data: { actorLabel: "mallory@evil.test", targetLabel: "forged-target", action: "key.forged" },
    });
    await db.auditEntry.delete({ where: { organizationId_seq: { organizationId: org.org.id, seq: 6 } } });
    for (const q of ["mallory", "FORGED", "key.forged", "alice", "key"]) {
      const expected = await expectedSeqs({ q, actions: [], outcomes: [] }, "desc", org.org.id);
      const result = await listAuditPage(org.org.id, query(`q=${q}&perPage=100`));
      expect(seqs(result.rows)).toEqual(expected);
    }
    expect(seqs((await listAuditPage(org.org.id, query("q=mallory"))).rows)).toEqual([5]);
    const facets = await getAuditFacets(org.org.id);
    expect(facets.actions).toContainEqual({ value: "key.forged", count: 1 });
    expect(facets.actions.reduce((n, a) => n + a.count, 0)).toBe(30);
  });

  it("keeps AuditTerm equal to what the migration's backfill computes from the entries", async () => {
    // The triggers have seen every insert, delete and in-place change of this file's entries; the
    // backfill reads the entries as they are now. Both must give the same counts. (An actor's label
    // is the newest written one for the triggers, while the backfill reads the newest entry as it
    // is now: they differ only for an entry changed in place, which other tests here do.)
    const org = await createOrgWithOwner("Backfill");
    await seedAuditChain({ organizationId: org.org.id, count: 60, seed: 11 });
    const db = getDb();
    await db.auditEntry.update({
      where: { organizationId_seq: { organizationId: org.org.id, seq: 7 } },
      data: { actorLabel: "changed@example.test", targetLabel: "changed-target", action: "key.changed" },
    });
    await db.auditEntry.deleteMany({ where: { organizationId: org.org.id, seq: { in: [3, 9, 27] } } });
    const terms = async () =>
      (await db.auditTerm.findMany({ where: { count: { gt: 0 } } }))
        .map((t) => JSON.stringify([t.organizationId, t.kind, t.value, t.count]))
        .sort();
    const kept = await terms();
    const dir = join(PROJECT_ROOT, "prisma", "migrations", dbProvider());
    const migration = readdirSync(dir).find((name) => name.endsWith("_audit_terms"));
    if (!migration) throw new Error("no audit_terms migration");
    const script = readFileSync(join(dir, migration, "migration.sql"), "utf8");
    const backfill = script.slice(
      script.indexOf("-- The AuditTerm rows of the entries already written."),
      script.indexOf("-- Every change to AuditEntry keeps"),
    );
    await db.$transaction(async (tx) => {
      await tx.auditTerm.deleteMany();
      for (const statement of backfill.split(";").filter((part) => /\bINSERT\b/.test(part))) {
        await tx.$executeRawUnsafe(statement);
      }
    });
    expect(await terms()).toEqual(kept);
  });

  it("still finds every match when a search term matches more labels than it looks up", async () => {
    const org = await createOrgWithOwner("Many labels");
    await seedAuditChain({ organizationId: org.org.id, count: 5, seed: 9 });
    // 2,050 distinct target labels (the chain is not valid; search does not care).
    await getDb().auditEntry.createMany({
      data: Array.from({ length: 2_050 }, (_, i) => ({
        organizationId: org.org.id,
        seq: 100 + i,
        actorType: "user",
        actorId: "u",
        actorLabel: "someone@example.test",
        action: "key.updated",
        targetType: "key",
        targetId: `k${i}`,
        targetLabel: `bulk-label-${i}`,
        prevHash: "0",
        hash: "0",
      })),
    });
    for (const q of ["bulk-label", "bulk-label-59", "someone", "BULK-LABEL-4"]) {
      const expected = await expectedSeqs({ q, actions: [], outcomes: [] }, "desc", org.org.id);
      const result = await listAuditPage(org.org.id, query(`q=${q}&perPage=100&page=2`));
      expect(result.totalCount).toBe(expected.length);
      expect(seqs(result.rows)).toEqual(expected.slice(100, 200));
    }
  });

  it("never shows another organization's entries, whatever the filter", async () => {
    for (const search of [
      "",
      "q=example",
      "actor=user:synthetic-user-alice",
      "targetId=synthetic-key-7",
      "q=%231",
    ]) {
      const result = await listAuditPage(orgId, query(`${search}&perPage=100`));
      const ids = result.rows.map((r) => r.id);
      const foreign = await getDb().auditEntry.count({
        where: { id: { in: ids }, organizationId: otherOrgId },
      });
      expect(foreign).toBe(0);
    }
    const theirs = await getDb().auditEntry.findFirstOrThrow({ where: { organizationId: otherOrgId } });
    expect(await getAuditEntry(orgId, theirs.id)).toBeNull();
    expect(await getAuditEntry(otherOrgId, theirs.id)).toMatchObject({ id: theirs.id });
  });

  it("lists a target's history, newest first, up to the limit", async () => {
    const history = await listAuditForTarget(orgId, "key", "synthetic-key-7", 3);
    const expected = await expectedSeqs({
      actions: [],
      outcomes: [],
      targetType: "key",
      targetId: "synthetic-key-7",
    });
    expect(seqs(history)).toEqual(expected.slice(0, 3));
    expect(history[0]).toMatchObject({
      targetId: "synthetic-key-7",
      hash: expect.any(String),
      prevHash: expect.any(String),
    });
    expect(await listAuditForTarget(otherOrgId, "key", "synthetic-key-7", 500)).not.toContainEqual(
      expect.objectContaining({ id: history[0]?.id }),
    );
  });

  it("offers the distinct actions, target types and actors seen, with counts", async () => {
    const facets = await getAuditFacets(orgId);
    expect(facets.actions.reduce((sum, a) => sum + a.count, 0)).toBe(total);
    expect(facets.actions.map((a) => a.value)).toContain("organization.created");
    expect(facets.targetTypes.map((t) => t.value)).toEqual(
      expect.arrayContaining(["key", "system", "organization"]),
    );
    expect(facets.actors).toContainEqual(
      expect.objectContaining({
        value: "user:synthetic-user-alice",
        label: "alice@example.test",
        type: "user",
      }),
    );
    expect(facets.actors).toContainEqual(
      expect.objectContaining({ value: "key:synthetic-key-ci-0", type: "key" }),
    );
    expect(facets.actors.reduce((sum, a) => sum + a.count, 0)).toBe(total);
  });

  it("counts the log as it is now, after it grew or lost rows", async () => {
    const org = await createOrgWithOwner("Growing");
    await seedAuditChain({ organizationId: org.org.id, count: 30, seed: 3 });
    const before = await getAuditFacets(org.org.id);
    const sum = (facets: typeof before) => facets.actions.reduce((n, a) => n + a.count, 0);
    expect(sum(before)).toBe(31);
    await seedAuditChain({ organizationId: org.org.id, count: 20, seed: 4 });
    const after = await getAuditFacets(org.org.id);
    expect(sum(after)).toBe(51);
    expect(after.actors.reduce((n, a) => n + a.count, 0)).toBe(51);
    // Rows removed (only tampering does that).
    await getDb().auditEntry.deleteMany({ where: { organizationId: org.org.id, seq: { gt: 40 } } });
    expect(sum(await getAuditFacets(org.org.id))).toBe(40);
  });

  it("gives several requests at the same time the same counts", async () => {
    const org = await createOrgWithOwner("Busy");
    await seedAuditChain({ organizationId: org.org.id, count: 10, seed: 5 });
    const sum = (facets: Awaited<ReturnType<typeof getAuditFacets>>) =>
      facets.actions.reduce((n, a) => n + a.count, 0);
    expect(sum(await getAuditFacets(org.org.id))).toBe(11);
    await seedAuditChain({ organizationId: org.org.id, count: 15, seed: 6 });
    const together = await Promise.all(Array.from({ length: 4 }, () => getAuditFacets(org.org.id)));
    expect(together.map(sum)).toEqual([26, 26, 26, 26]);
    expect(sum(await getAuditFacets(org.org.id))).toBe(26);
  });

  it("reports the chain head", async () => {
    const head = await getChainHead(orgId);
    const last = await getDb().auditEntry.findFirstOrThrow({
      where: { organizationId: orgId },
      orderBy: { seq: "desc" },
    });
    expect(head).toEqual({ seq: total, hash: last.hash, createdAt: last.createdAt });
  });

  it("streams every matching entry for the export in seq pages, either way round", async () => {
    const filter = query("action=key.updated,key.created").filter;
    const asc: number[] = [];
    for await (const entry of iterateAuditEntries(orgId, filter, "asc", 7)) asc.push(entry.seq);
    expect(asc).toEqual(await expectedSeqs(filter, "asc"));
    const desc: number[] = [];
    for await (const entry of iterateAuditEntries(orgId, filter, "desc", 7)) desc.push(entry.seq);
    expect(desc).toEqual(await expectedSeqs(filter, "desc"));
  });
});
