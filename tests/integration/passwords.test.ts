import { beforeAll, describe, expect, it } from "vitest";
import { signOutAction } from "@/lib/auth/actions";
import { changePasswordAction } from "@/lib/auth/account-actions";
import { setPasswordAction } from "@/lib/auth/actions";
import { issueSetPasswordToken } from "@/lib/auth/password-tokens";
import { createSystemAction } from "@/lib/systems/actions";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { getSessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import {
  addMember,
  createOrgWithOwner,
  createUser,
  signInAs,
  signOutOfTests,
  uniqueEmail,
} from "../support/fixtures";
import { testRequest } from "../support/state";

useTestDatabase();

const NEW_PASSWORD = "a long and new passphrase";

describe("set-password links", () => {
  let org: { id: string };

  beforeAll(async () => {
    org = (await createOrgWithOwner("Acme")).org;
  });

  /** A member without a password yet (added before invitations existed) and their link. */
  async function invite(role: "member" | "auditor" = "member") {
    const email = uniqueEmail("invitee");
    const user = await createUser({ email });
    await getDb().membership.create({ data: { organizationId: org.id, userId: user.id, role } });
    const token = await getDb().$transaction((tx) => issueSetPasswordToken(tx, user.id));
    signOutOfTests();
    return { email, userId: user.id, token };
  }

  it("sets the password once, ends the account's sessions and audits it", async () => {
    const { email, userId, token } = await invite();
    const stray = await signInAs({ id: userId });
    signOutOfTests();

    const result = await setPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(result).toEqual({ ok: true, data: { redirectTo: "/" } });
    const user = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.passwordHash && (await verifyPassword(NEW_PASSWORD, user.passwordHash))).toBe(true);
    expect((await getDb().session.findUniqueOrThrow({ where: { id: stray } })).revokedAt).not.toBeNull();
    const token_ = await getDb().passwordToken.findFirstOrThrow({ where: { userId } });
    expect(token_.usedAt).not.toBeNull();
    expect(
      await getDb().auditEntry.findFirst({
        where: { organizationId: org.id, action: "user.password_set", targetId: userId },
      }),
    ).toMatchObject({ actorId: userId, actorLabel: email });

    const again = await setPasswordAction({
      token,
      password: "another passphrase!",
      confirmPassword: "another passphrase!",
    });
    expect(again).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
      message: expect.stringContaining("expired or was already used"),
    });
    expect(
      await verifyPassword(
        NEW_PASSWORD,
        (await getDb().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash ?? "",
      ),
    ).toBe(true);
  });

  it("lets only one of two simultaneous uses through", async () => {
    const { token } = await invite();
    const results = await Promise.all(
      ["first passphrase ok", "second passphrase ok"].map((password) =>
        setPasswordAction({ token, password, confirmPassword: password }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses an expired link, an unknown one, a malformed one and a weak password", async () => {
    const { userId, token } = await invite();
    const weak = await setPasswordAction({ token, password: "short", confirmPassword: "short" });
    expect(weak).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: { password: expect.stringContaining("at least 10") },
    });
    const mismatch = await setPasswordAction({
      token,
      password: NEW_PASSWORD,
      confirmPassword: "something else",
    });
    expect(mismatch).toMatchObject({
      ok: false,
      fieldErrors: { confirmPassword: "Passwords do not match." },
    });

    await getDb().passwordToken.updateMany({
      where: { userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      await setPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    const unknown = "A".repeat(43);
    expect(
      await setPasswordAction({ token: unknown, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(
      await setPasswordAction({ token: "../../etc", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
    });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBeNull();
  });

  it("refuses the link of a disabled account", async () => {
    const { userId, token } = await invite();
    await getDb().user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
    expect(
      await setPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });
});

describe("changing a password", () => {
  const CURRENT = "the current passphrase";
  let user: { id: string; email: string };
  let orgs: string[];

  beforeAll(async () => {
    const a = await createOrgWithOwner("Initech");
    const b = await createOrgWithOwner("Umbrella");
    user = await addMember(a.org.id, "admin");
    await getDb().membership.create({ data: { organizationId: b.org.id, userId: user.id, role: "member" } });
    await getDb().user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(CURRENT) },
    });
    orgs = [a.org.id, b.org.id];
  });

  it("requires the current password, audits the failure and changes nothing", async () => {
    await signInAs(user);
    const result = await changePasswordAction({
      currentPassword: "not my password",
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(result).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: { currentPassword: "That password is not correct." },
    });
    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(CURRENT, row.passwordHash ?? "")).toBe(true);
    expect(
      await getDb().auditEntry.count({ where: { action: "user.password_change_failed", targetId: user.id } }),
    ).toBe(2);
  });

  it("changes it, keeps this session, ends the others, and audits it in each organization", async () => {
    const other = await signInAs(user);
    const current = await signInAs(user);
    const result = await changePasswordAction({
      currentPassword: CURRENT,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(result).toMatchObject({ ok: true, data: { otherSessionsEnded: expect.any(Number) } });
    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(NEW_PASSWORD, row.passwordHash ?? "")).toBe(true);
    expect((await getDb().session.findUniqueOrThrow({ where: { id: other } })).revokedAt).not.toBeNull();
    expect((await getDb().session.findUniqueOrThrow({ where: { id: current } })).revokedAt).toBeNull();
    const entries = await getDb().auditEntry.findMany({
      where: { action: "user.password_changed", targetId: user.id },
      select: { organizationId: true },
    });
    expect(entries.map((e) => e.organizationId).sort()).toEqual([...orgs].sort());
    expect(JSON.stringify(await getDb().auditEntry.findMany())).not.toContain(NEW_PASSWORD);

    // The other browser is signed out on its very next request.
    testRequest.sid = other;
    expect(await getSessionUser()).toBeNull();
  });

  it("refuses signed-out callers, a reused password and a weak one", async () => {
    signOutOfTests();
    expect(
      await changePasswordAction({
        currentPassword: NEW_PASSWORD,
        newPassword: "x".repeat(12),
        confirmPassword: "x".repeat(12),
      }),
    ).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await signInAs(user);
    expect(
      await changePasswordAction({
        currentPassword: NEW_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.stringContaining("different") } });
    expect(
      await changePasswordAction({
        currentPassword: NEW_PASSWORD,
        newPassword: "too short",
        confirmPassword: "too short",
      }),
    ).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.stringContaining("at least 10") } });
  });

  it("slows down after five wrong current passwords", async () => {
    await signInAs(user);
    const attempt = () =>
      changePasswordAction({
        currentPassword: "wrong guess!",
        newPassword: "whatever passphrase",
        confirmPassword: "whatever passphrase",
      });
    for (let i = 0; i < 5; i++) await attempt();
    expect(await attempt()).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    await getDb().rateLimit.deleteMany({ where: { key: `password-check:user:${user.id}` } });
  });
});

describe("sessions end on the server", () => {
  it("signing out revokes the session: the same JWT is signed out on the next request", async () => {
    const { org, owner } = await createOrgWithOwner("Hooli");
    const session = await signInAs(owner);
    expect((await signOutAction({})).ok).toBe(true);
    expect((await getDb().session.findUniqueOrThrow({ where: { id: session } })).revokedAt).not.toBeNull();
    testRequest.sid = session;
    expect(
      await createSystemAction({ organizationId: org.id, name: "After Sign Out", description: "" }),
    ).toMatchObject({
      ok: false,
      code: "UNAUTHENTICATED",
    });
  });

  it("a disabled account is signed out at once, even with an open session", async () => {
    const { org, owner } = await createOrgWithOwner("Pied Piper");
    await signInAs(owner);
    await getDb().user.update({ where: { id: owner.id }, data: { disabledAt: new Date() } });
    expect(await getSessionUser()).toBeNull();
    expect(
      await createSystemAction({ organizationId: org.id, name: "Disabled", description: "" }),
    ).toMatchObject({
      ok: false,
      code: "UNAUTHENTICATED",
    });
  });
});
