import { describe, expect, it } from "vitest";
import { writeAudit } from "@/lib/audit/write";
import { checkAuditChain } from "@/lib/audit/chain-check";
import type { Ctx } from "@/lib/context";
import { dbProvider, getDb, type Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { createSystem } from "@/lib/systems/systems";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";

// Many requests of one organization writing audit entries at the same moment. SQLite runs one
// write transaction at a time; PostgreSQL runs them at once and writeAudit serializes them on the
// organization's row. Either way the chain must come out whole: seq 1..N, each entry linked to
// the one before, no fork, no error.

useTestDatabase();

const PARALLEL = 30;

async function newOrg(name: string) {
  const { org, owner } = await createOrgWithOwner(name);
  const ctx: Ctx = {
    actor: { type: "user", id: owner.id, label: owner.email },
    organizationId: org.id,
    meta: { ip: "198.51.100.20", userAgent: "vitest" },
  };
  return { org, ctx };
}

async function expectWholeChain(organizationId: string, length: number): Promise<void> {
  const entries = await getDb().auditEntry.findMany({
    where: { organizationId },
    orderBy: { seq: "asc" },
    select: { seq: true, prevHash: true },
  });
  expect(entries.map((e) => e.seq)).toEqual(Array.from({ length }, (_, i) => i + 1));
  // A fork would show as two entries claiming the same predecessor.
  expect(new Set(entries.map((e) => e.prevHash)).size).toBe(length);
  expect(await checkAuditChain(organizationId)).toMatchObject({ ok: true, count: length });
}

const note = (ctx: Ctx, i: number) => (tx: Tx) =>
  writeAudit(tx, ctx, { action: "key.updated", targetType: "test", targetId: `t${i}`, metadata: { i } });

describe("audit writes under concurrency", () => {
  it(`keeps the chain whole with ${PARALLEL} parallel writers`, async () => {
    const { org, ctx } = await newOrg("Parallel");
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, (_, i) => transact(note(ctx, i))),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    await expectWholeChain(org.id, PARALLEL + 1);
  });

  // The change comes first and references the organization (a foreign key), as in every core.
  // With `FOR UPDATE` on the organization row, PostgreSQL deadlocked here: the insert's key-share
  // lock blocked the other writers' FOR UPDATE and theirs blocked it (28 of 30 failed, 40P01).
  it(`keeps the chain whole when ${PARALLEL} parallel changes insert rows before their entry`, async () => {
    const { org, ctx } = await newOrg("Systems race");
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, (_, i) =>
        transact((tx) =>
          createSystem(ctx, { organizationId: org.id, name: `System ${i}`, description: "" }, tx),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await getDb().system.count({ where: { organizationId: org.id } })).toBe(PARALLEL);
    await expectWholeChain(org.id, PARALLEL + 1);
  });

  it("mixes changes that lock the organization first with changes that insert first", async () => {
    const { org, ctx } = await newOrg("Mixed");
    const lockFirst = async (tx: Tx, i: number) => {
      // What a core that must see the organization as it is (members, owners) does first.
      if (dbProvider() === "postgresql") {
        await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${org.id} FOR UPDATE`;
      }
      await note(ctx, i)(tx);
    };
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, (_, i) =>
        transact<unknown>((tx) =>
          i % 2 === 0
            ? lockFirst(tx, i)
            : createSystem(ctx, { organizationId: org.id, name: `Mixed ${i}`, description: "" }, tx),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    await expectWholeChain(org.id, PARALLEL + 1);
  });

  it("keeps separate organizations' chains apart while both are written at once", async () => {
    const a = await newOrg("Alpha");
    const b = await newOrg("Beta");
    await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => transact(note(i % 2 === 0 ? a.ctx : b.ctx, i))),
    );
    await expectWholeChain(a.org.id, PARALLEL / 2 + 1);
    await expectWholeChain(b.org.id, PARALLEL / 2 + 1);
  });

  it("leaves no gap when some of the parallel changes roll back after writing their entry", async () => {
    const { org, ctx } = await newOrg("Rollbacks");
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, (_, i) =>
        transact(async (tx) => {
          await note(ctx, i)(tx);
          if (i % 3 === 0) throw new Error("the change failed after its entry was written");
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(PARALLEL / 3);
    await expectWholeChain(org.id, PARALLEL - PARALLEL / 3 + 1);
  });

  // Prisma's SQLite adapter runs everything on one connection; lib/db queues plain queries
  // behind an open transaction so they neither see its uncommitted rows nor get rolled back with it.
  it("never shows an uncommitted entry, and a rollback never takes another request's write with it", async () => {
    const { org, ctx } = await newOrg("Isolation");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written: () => void = () => undefined;
    const entryWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const failing = transact(async (tx) => {
      await note(ctx, 1)(tx);
      written();
      await gate;
      throw new Error("rolled back");
    }).catch(() => "rolled back");
    await entryWritten;
    // Prisma queries are lazy: `then` starts them now, while the transaction is still open.
    const read = getDb()
      .auditEntry.count({ where: { organizationId: org.id } })
      .then((n) => n);
    const write = getDb()
      .system.create({ data: { organizationId: org.id, name: "Outside", slug: "outside" } })
      .then((row) => row);
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    expect(await failing).toBe("rolled back");
    expect(await read).toBe(1);
    await write;
    expect(await getDb().system.count({ where: { organizationId: org.id, name: "Outside" } })).toBe(1);
    await expectWholeChain(org.id, 1);
  });
});
