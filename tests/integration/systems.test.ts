import { beforeAll, describe, expect, it } from "vitest";
import { createSystemAction, deleteSystemAction, updateSystemAction } from "@/lib/systems/actions";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { addMember, createOrgWithOwner, signInAs, signOutOfTests } from "../support/fixtures";

useTestDatabase();

describe("systems", () => {
  let orgId: string;
  let owner: { id: string };
  let other: { orgId: string; owner: { id: string } };

  beforeAll(async () => {
    const a = await createOrgWithOwner("Acme");
    orgId = a.org.id;
    owner = a.owner;
    const b = await createOrgWithOwner("Globex");
    other = { orgId: b.org.id, owner: b.owner };
  });

  it("creates, renames, describes and deletes a system, auditing each change", async () => {
    await signInAs(owner);
    const created = await createSystemAction({
      organizationId: orgId,
      name: "Payments API",
      description: "Card data",
    });
    expect(created).toMatchObject({ ok: true, data: { name: "Payments API", slug: "payments-api" } });
    if (!created.ok) return;

    const renamed = await updateSystemAction({
      systemId: created.data.id,
      name: "Payments",
      description: "PCI scope",
    });
    expect(renamed).toMatchObject({ ok: true, data: { name: "Payments", description: "PCI scope" } });

    const deleted = await deleteSystemAction({ systemId: created.data.id, confirmName: "Payments" });
    expect(deleted.ok).toBe(true);
    expect(await getDb().system.findUnique({ where: { id: created.data.id } })).toBeNull();

    const actions = await getDb().auditEntry.findMany({
      where: { organizationId: orgId, targetId: created.data.id },
      orderBy: { seq: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["system.created", "system.updated", "system.deleted"]);
    expect(actions[1]?.changes).toEqual({
      name: { before: "Payments API", after: "Payments" },
      description: { before: "Card data", after: "PCI scope" },
    });
    expect(actions[0]?.ip).toBe("203.0.113.7");
  });

  it("refuses a duplicate name, ignoring case, with the error on the name field", async () => {
    await signInAs(owner);
    await createSystemAction({ organizationId: orgId, name: "Search", description: "" });
    const again = await createSystemAction({ organizationId: orgId, name: "search", description: "" });
    expect(again).toMatchObject({
      ok: false,
      code: "CONFLICT",
      fieldErrors: { name: expect.stringContaining("already exists") },
    });
  });

  it.each([
    ["too short", "A", "at least 2"],
    ["too long", "x".repeat(65), "at most 64"],
    ["bad characters", "<script>", "Use letters"],
  ])("refuses a name that is %s", async (_case, name, message) => {
    await signInAs(owner);
    const result = await createSystemAction({ organizationId: orgId, name, description: "" });
    expect(result).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: { name: expect.stringContaining(message) },
    });
  });

  it("refuses unknown fields (no mass assignment)", async () => {
    await signInAs(owner);
    const result = await createSystemAction({
      organizationId: orgId,
      name: "Billing",
      description: "",
      slug: "x",
    });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
  });

  it("refuses to delete a system that still has active keys", async () => {
    await signInAs(owner);
    const created = await createSystemAction({ organizationId: orgId, name: "Ingest", description: "" });
    if (!created.ok) throw new Error("setup failed");
    await getDb().apiKey.create({
      data: {
        organizationId: orgId,
        systemId: created.data.id,
        label: "ingest-gateway",
        allowedCidrs: [],
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const result = await deleteSystemAction({ systemId: created.data.id, confirmName: "Ingest" });
    expect(result).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringContaining("still has 1 active key"),
    });
    expect(await getDb().system.findUnique({ where: { id: created.data.id } })).not.toBeNull();
  });

  it("refuses members, signed-out callers and other organizations, changing nothing", async () => {
    await signInAs(owner);
    const created = await createSystemAction({ organizationId: orgId, name: "Guarded", description: "" });
    if (!created.ok) throw new Error("setup failed");
    const before = await getDb().auditEntry.count({
      where: { organizationId: orgId, action: { not: "authorization.denied" } },
    });

    const member = await addMember(orgId, "member");
    await signInAs(member);
    expect(await createSystemAction({ organizationId: orgId, name: "Nope", description: "" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(
      await updateSystemAction({ systemId: created.data.id, name: "Hacked", description: "" }),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });

    await signInAs(other.owner);
    expect(
      await updateSystemAction({ systemId: created.data.id, name: "Hacked", description: "" }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await deleteSystemAction({ systemId: created.data.id, confirmName: "Guarded" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });

    signOutOfTests();
    expect(await createSystemAction({ organizationId: orgId, name: "Nope", description: "" })).toMatchObject({
      ok: false,
      code: "UNAUTHENTICATED",
    });

    const system = await getDb().system.findUnique({ where: { id: created.data.id } });
    expect(system?.name).toBe("Guarded");
    expect(
      await getDb().auditEntry.count({
        where: { organizationId: orgId, action: { not: "authorization.denied" } },
      }),
    ).toBe(before);
    expect(
      await getDb().auditEntry.count({ where: { organizationId: orgId, action: "authorization.denied" } }),
    ).toBe(2);
  });
});
