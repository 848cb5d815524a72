import { describe, expect, it } from "vitest";
import { writeAudit } from "@/lib/audit/write";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { createSystem } from "@/lib/systems/systems";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";

useTestDatabase();

describe("scratch", () => {
  it("parallel", async () => {
    const { org, owner } = await createOrgWithOwner("Acme");
    const ctx = { actor: { type: "user" as const, id: owner.id, label: owner.email }, organizationId: org.id, roles: { orgRole: "owner" as const }, meta: { ip: null, userAgent: null } };
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        transact((tx) => createSystem(ctx, { organizationId: org.id, name: `System ${i}`, description: "" }, tx)),
      ),
    );
    const failed = results.filter((r) => r.status === "rejected");
    console.log("failed", failed.length, failed.slice(0, 2).map((f) => String((f as PromiseRejectedResult).reason).slice(0, 300)));
    const rows = await getDb().auditEntry.findMany({ where: { organizationId: org.id }, orderBy: { seq: "asc" }, select: { seq: true } });
    console.log(rows.length, rows.map((r) => r.seq).join(","));
  });
  it("rollback takes a concurrent plain write with it?", async () => {
    const { org } = await createOrgWithOwner("Beta");
    const t = transact(async (tx) => {
      await tx.system.create({ data: { organizationId: org.id, name: "InTx", slug: "in-tx" } });
      await new Promise((r) => setTimeout(r, 200));
      throw new Error("rollback");
    }).catch(() => "rolled back");
    await new Promise((r) => setTimeout(r, 50));
    const seen = await getDb().system.findMany({ where: { organizationId: org.id } });
    console.log("plain read during tx sees", seen.map((s) => s.name));
    await getDb().system.create({ data: { organizationId: org.id, name: "Outside", slug: "outside" } });
    console.log(await t);
    const after = await getDb().system.findMany({ where: { organizationId: org.id } });
    console.log("after rollback", after.map((s) => s.name));
    expect(true).toBe(true);
  });
});
