import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addSystemMemberAction,
  changeMemberRoleAction,
  changeSystemMemberRoleAction,
  reissueSetPasswordLinkAction,
  removeMemberAction,
  removeSystemMemberAction,
} from "@/lib/members/actions";
import { createSystemAction } from "@/lib/systems/actions";
import { getDb } from "@/lib/db";
import { issueSetPasswordToken } from "@/lib/auth/password-tokens";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { useTestDatabase } from "../support/db";
import {
  addMember,
  addSystemMember,
  createOrgWithOwner,
  createSystemRow,
  createUser,
  enrolTotp,
  freshTotpCode,
  signInAs,
  uniqueEmail,
} from "../support/fixtures";
import { testRequest } from "../support/state";
import { refused } from "../support/results";

useTestDatabase();

/**
 * Starts an action as the given session. The mocked Auth.js reads the session id synchronously
 * when the action starts, so concurrent calls each keep their own caller.
 */
function as<T>(sessionId: string, start: () => Promise<T>): Promise<T> {
  testRequest.sid = sessionId;
  return start();
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function roleOf(organizationId: string, userId: string) {
  const row = await getDb().membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true },
  });
  return row?.role ?? null;
}

/** A member without a password yet (added before invitations existed) and their set-password link. */
async function pendingMember(organizationId: string, email: string) {
  const user = await createUser({ email });
  await getDb().membership.create({ data: { organizationId, userId: user.id, role: "member" } });
  const token = await getDb().$transaction((tx) => issueSetPasswordToken(tx, user.id));
  return { userId: user.id, token };
}

describe("organization members", () => {
  let org: { id: string; slug: string };
  let owner: { id: string; email: string };

  beforeAll(async () => {
    const a = await createOrgWithOwner("Acme");
    org = a.org;
    owner = a.owner;
  });

  it("applies a role change and a removal on the member's very next request, pages and actions alike", async () => {
    const admin = await addMember(org.id, "admin");
    await signInAs(admin);
    expect(
      (await createSystemAction({ organizationId: org.id, name: "Next Request", description: "" })).ok,
    ).toBe(true);
    await expect(getOrgPageContext(org.slug)).resolves.toMatchObject({ role: "admin" });

    // The owner demotes them while their tab (session) stays open.
    await signInAs(owner);
    expect(
      await changeMemberRoleAction({ organizationId: org.id, userId: admin.id, role: "member" }),
    ).toMatchObject({
      ok: true,
      data: { role: "member", changed: true },
    });
    const session = await signInAs(admin);
    expect(
      await createSystemAction({ organizationId: org.id, name: "Too Late", description: "" }),
    ).toMatchObject(refused("FORBIDDEN"));
    await expect(getOrgPageContext(org.slug)).resolves.toMatchObject({ role: "member" });

    await signInAs(owner);
    expect((await removeMemberAction({ organizationId: org.id, userId: admin.id })).ok).toBe(true);
    await signInAs(admin);
    expect(await createSystemAction({ organizationId: org.id, name: "Gone", description: "" })).toMatchObject(
      {
        ok: false,
        code: "NOT_FOUND",
      },
    );
    await expect(getOrgPageContext(org.slug)).rejects.toThrow();
    // They were in no other organization: their sessions ended on the server too.
    const row = await getDb().session.findUniqueOrThrow({ where: { id: session } });
    expect(row.revokedAt).not.toBeNull();
  });

  it("never leaves an organization without an owner", async () => {
    const { org: solo, owner: only } = await createOrgWithOwner("Solo");
    await signInAs(only);
    for (const result of [
      await changeMemberRoleAction({ organizationId: solo.id, userId: only.id, role: "admin" }),
      await removeMemberAction({ organizationId: solo.id, userId: only.id }),
    ]) {
      expect(result).toMatchObject(refused("CONFLICT", { message: expect.stringContaining("owner") }));
    }
    expect(await roleOf(solo.id, only.id)).toBe("owner");

    // With a second owner, either may step down, but not both: the check runs inside the transaction.
    const second = await addMember(solo.id, "owner");
    const [a, b] = await Promise.all([
      as(await signInAs(only), () =>
        changeMemberRoleAction({ organizationId: solo.id, userId: second.id, role: "admin" }),
      ),
      as(await signInAs(second), () =>
        changeMemberRoleAction({ organizationId: solo.id, userId: only.id, role: "admin" }),
      ),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(await getDb().membership.count({ where: { organizationId: solo.id, role: "owner" } })).toBe(1);
  });

  it("keeps an owner when two owners remove each other at the same moment", async () => {
    const { org: duo, owner: first } = await createOrgWithOwner("Duo");
    const second = await addMember(duo.id, "owner");
    // Both requests pass the wrapper's check as owners before either transaction starts.
    const results = await Promise.all([
      as(await signInAs(first), () => removeMemberAction({ organizationId: duo.id, userId: second.id })),
      as(await signInAs(second), () => removeMemberAction({ organizationId: duo.id, userId: first.id })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await getDb().membership.count({ where: { organizationId: duo.id, role: "owner" } })).toBe(1);
  });

  it("removes system roles when a member leaves or stops being a plain member", async () => {
    await signInAs(owner);
    const system = await createSystemRow(org.id, "Roles Cleanup");
    const person = await addMember(org.id, "member");
    await addSystemMember(org.id, system.id, person.id, "admin");
    expect(
      await changeMemberRoleAction({ organizationId: org.id, userId: person.id, role: "auditor" }),
    ).toMatchObject({
      ok: true,
    });
    // An auditor changes nothing: a leftover system admin role would let them manage keys.
    expect(await getDb().systemMember.count({ where: { userId: person.id } })).toBe(0);

    const leaving = await addMember(org.id, "member");
    await addSystemMember(org.id, system.id, leaving.id, "member");
    expect((await removeMemberAction({ organizationId: org.id, userId: leaving.id })).ok).toBe(true);
    expect(await getDb().systemMember.count({ where: { userId: leaving.id } })).toBe(0);
  });

  it("makes a new set-password link for a pending member, voiding the old one", async () => {
    await signInAs(owner);
    const email = uniqueEmail("relink");
    const added = await pendingMember(org.id, email);
    const first = added.token;
    const again = await reissueSetPasswordLinkAction({ organizationId: org.id, userId: added.userId });
    if (!again.ok) throw new Error(again.message);
    expect(again.data.setPasswordToken).not.toBe(first);
    const tokens = await getDb().passwordToken.findMany({ where: { userId: added.userId } });
    expect(tokens.map((t) => t.tokenHash)).toEqual([sha256(again.data.setPasswordToken)]);

    await getDb().user.update({ where: { email }, data: { passwordHash: "scrypt$set" } });
    expect(
      await reissueSetPasswordLinkAction({ organizationId: org.id, userId: added.userId }),
    ).toMatchObject(refused("CONFLICT"));
  });

  it("voids a pending person's link when they are removed from their only organization", async () => {
    await signInAs(owner);
    const added = await pendingMember(org.id, uniqueEmail("void"));
    expect((await removeMemberAction({ organizationId: org.id, userId: added.userId })).ok).toBe(true);
    expect(await getDb().passwordToken.count({ where: { userId: added.userId, usedAt: null } })).toBe(0);
  });
});

describe("system members", () => {
  let org: { id: string };
  let owner: { id: string };
  let system: { id: string };
  let systemAdmin: { id: string };
  let systemMember: { id: string };
  let candidate: { id: string };
  let foreign: { org: { id: string }; owner: { id: string }; system: { id: string }; member: { id: string } };

  beforeAll(async () => {
    const a = await createOrgWithOwner("Initech");
    org = a.org;
    owner = a.owner;
    system = await createSystemRow(org.id, "Ledger");
    systemAdmin = await addMember(org.id, "member");
    await addSystemMember(org.id, system.id, systemAdmin.id, "admin");
    systemMember = await addMember(org.id, "member");
    await addSystemMember(org.id, system.id, systemMember.id, "member");
    candidate = await addMember(org.id, "member");
    const b = await createOrgWithOwner("Umbrella");
    foreign = {
      org: b.org,
      owner: b.owner,
      system: await createSystemRow(b.org.id, "Hive"),
      member: await addMember(b.org.id, "member"),
    };
  });

  it("lets a system admin add, promote (with a code) and remove members of the organization", async () => {
    const totp = await enrolTotp(systemAdmin);
    await signInAs(systemAdmin);
    expect(
      await addSystemMemberAction({ systemId: system.id, userId: candidate.id, role: "member" }),
    ).toMatchObject({
      ok: true,
      data: { userId: candidate.id, role: "member" },
    });
    expect(
      await changeSystemMemberRoleAction({ systemId: system.id, userId: candidate.id, role: "admin" }),
    ).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(
      await changeSystemMemberRoleAction({
        systemId: system.id,
        userId: candidate.id,
        role: "admin",
        totpCode: await freshTotpCode(systemAdmin, totp),
      }),
    ).toMatchObject({ ok: true, data: { changed: true } });
    expect(await removeSystemMemberAction({ systemId: system.id, userId: candidate.id })).toMatchObject({
      ok: true,
    });
    const actions = await getDb().auditEntry.findMany({
      where: { organizationId: org.id, targetId: candidate.id, action: { startsWith: "system_member." } },
      orderBy: { seq: "asc" },
    });
    expect(actions.map((e) => e.action)).toEqual([
      "system_member.added",
      "system_member.role_changed",
      "system_member.removed",
    ]);
  });

  it("refuses a plain system member, with nothing changed", async () => {
    await signInAs(systemMember);
    expect(
      await addSystemMemberAction({ systemId: system.id, userId: candidate.id, role: "admin" }),
    ).toMatchObject(refused("FORBIDDEN"));
    expect(
      await changeSystemMemberRoleAction({ systemId: system.id, userId: systemMember.id, role: "admin" }),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await getDb().systemMember.count({ where: { systemId: system.id } })).toBe(2);
  });

  it("gives system roles only to the organization's plain members", async () => {
    const auditor = await addMember(org.id, "auditor");
    await signInAs(owner);
    expect(
      await addSystemMemberAction({ systemId: system.id, userId: auditor.id, role: "admin" }),
    ).toMatchObject(
      refused("VALIDATION_FAILED", { fieldErrors: { userId: expect.stringContaining("Member role") } }),
    );
  });

  it("refuses foreign ids: a person of another organization, a system of another organization", async () => {
    await signInAs(owner);
    expect(
      await addSystemMemberAction({ systemId: system.id, userId: foreign.member.id, role: "member" }),
    ).toMatchObject({ ok: false, code: "VALIDATION_FAILED", fieldErrors: { userId: expect.any(String) } });
    // Acme's owner aiming at Umbrella's system is a stranger there.
    expect(
      await addSystemMemberAction({ systemId: foreign.system.id, userId: candidate.id, role: "admin" }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await getDb().systemMember.count({ where: { systemId: foreign.system.id } })).toBe(0);
    expect(await getDb().systemMember.count({ where: { userId: foreign.member.id } })).toBe(0);
  });
});
