import { describe, expect, it } from "vitest";
import { bootstrap } from "@/cli/admin/bootstrap";
import { getDb } from "@/lib/db";
import { createOrganizationAction } from "@/lib/orgs/actions";
import { createUser, signInAs } from "../support/fixtures";
import { useTestDatabase } from "../support/db";

// One core creates every organization: `keyplane admin bootstrap`, the console's "new organization"
// (and first-run set-up) all call createOrganization, so each leaves the same audit trail for the
// organization itself. Bootstrap then adds its management key, audited like any created key.

useTestDatabase();

/** The organization's audit trail without who and when: action, target type and changed fields. */
async function trail(organizationId: string) {
  const entries = await getDb().auditEntry.findMany({ where: { organizationId }, orderBy: { seq: "asc" } });
  return entries.map((entry) => ({
    action: entry.action,
    targetType: entry.targetType,
    changed: Object.keys((entry.changes ?? {}) as object).sort(),
  }));
}

describe("creating an organization", () => {
  it("writes the same audit trail from the CLI bootstrap and from the console", async () => {
    const bootstrapped = await bootstrap({
      email: "operator-owner@example.com",
      name: "Olive",
      organizationName: "Bootstrapped",
      password: "correct horse battery",
    });

    const user = await createUser({ name: "Console" });
    await signInAs(user);
    const result = await createOrganizationAction({ name: "From the console" });
    expect(result.ok).toBe(true);
    const slug = result.ok ? result.data.slug : "";
    const consoleOrg = await getDb().organization.findUniqueOrThrow({ where: { slug } });

    const fromConsole = await trail(consoleOrg.id);
    const fromBootstrap = await trail(bootstrapped.organization.id);
    expect(fromConsole).toEqual([
      { action: "organization.created", targetType: "organization", changed: ["name", "owner"] },
    ]);
    expect(fromBootstrap).toEqual([...fromConsole, expect.objectContaining({ action: "key.created" })]);

    const owners = await getDb().membership.findMany({
      where: { organizationId: { in: [consoleOrg.id, bootstrapped.organization.id] }, role: "owner" },
      select: { userId: true },
    });
    expect(owners.map((m) => m.userId).sort()).toEqual([user.id, bootstrapped.user.id].sort());
  });
});
