import { beforeEach, describe, expect, it } from "vitest";
import {
  beginTotpEnrolmentAction,
  confirmTotpEnrolmentAction,
  regenerateRecoveryCodesAction,
  removeTotpAction,
} from "@/lib/auth/account-actions";
import { replaceRecoveryCodes } from "@/lib/auth/recovery-codes";
import { authenticate } from "@/lib/auth/sign-in";
import { currentTotpCode } from "@/lib/auth/totp";
import { getDb } from "@/lib/db";
import { createSystemAction } from "@/lib/systems/actions";
import { setTwoFactorRequirementAction } from "@/lib/orgs/actions";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { useTestDatabase } from "../support/db";
import * as fixtures from "../support/fixtures";

// Two-factor sign-in (issue 12, failure 2: "Sign-in itself is password-only"). authenticate() is
// what Auth.js's authorize() runs for every sign-in, through the console's sign-in action and
// through Auth.js's own POST /api/auth/callback/credentials alike (lib/auth/auth.ts); a session
// row exists only once it answers ok.

useTestDatabase();

const meta = { ip: "198.51.100.7", userAgent: "two-factor-test" };

async function enrolledUser() {
  const user = await fixtures.createUser({ password: fixtures.TEST_PASSWORD });
  const secret = await fixtures.enrolTotp(user);
  return { user, secret };
}

async function sessionCount(userId: string): Promise<number> {
  return getDb().session.count({ where: { userId } });
}

describe("attack: the password alone signs in a user who has an authenticator (issue 12, failure 2)", () => {
  beforeEach(async () => {
    await getDb().rateLimit.deleteMany({});
  });

  it("refuses the password alone and creates no session", async () => {
    const { user } = await enrolledUser();
    const result = await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD }, meta);
    expect(result, "the password alone signed in an account with an authenticator").toMatchObject({
      ok: false,
      code: "totp_required",
    });
    expect(await sessionCount(user.id)).toBe(0);
  });
});

describe("two-factor sign-in", () => {
  beforeEach(async () => {
    await getDb().rateLimit.deleteMany({});
  });

  it("signs in with the password and a current code, once per code", async () => {
    const { user, secret } = await enrolledUser();
    const code = await fixtures.freshTotpCode(user, secret);
    const first = await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code }, meta);
    expect(first).toMatchObject({ ok: true, userId: user.id });
    expect(await sessionCount(user.id)).toBe(1);
    // The same code again (a replay from another browser) is refused.
    expect(await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code }, meta)).toEqual({
      ok: false,
      code: "totp_replayed",
    });
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("refuses a wrong code, counts it in the code failure counter, and creates no session", async () => {
    const { user, secret } = await enrolledUser();
    const valid = new Set([-30_000, 0, 30_000].map((d) => currentTotpCode(secret, new Date(Date.now() + d))));
    const wrong = ["000000", "111111", "222222"].find((c) => !valid.has(c)) ?? "333333";
    expect(
      await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code: wrong }, meta),
    ).toEqual({
      ok: false,
      code: "totp_invalid",
    });
    expect((await getDb().rateLimit.findUnique({ where: { key: `totp:user:${user.id}` } }))?.count).toBe(1);
    expect(await sessionCount(user.id)).toBe(0);
  });

  it("asks a wrong password for no code: the code step is reached only with the right password", async () => {
    const { user } = await enrolledUser();
    expect(
      await authenticate({ email: user.email, password: "not the password", code: "123456" }, meta),
    ).toEqual({
      ok: false,
      code: "credentials",
    });
  });

  it("accepts a recovery code instead of the code, once only, and audits its use", async () => {
    const { user } = await enrolledUser();
    const { org } = await fixtures.createOrgWithOwner("Recovery Inc");
    await getDb().membership.create({ data: { organizationId: org.id, userId: user.id, role: "admin" } });
    const [code] = await replaceRecoveryCodes(getDb(), user.id);
    const typed = code!.toLowerCase().replaceAll("-", " ");
    expect(
      await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code: typed }, meta),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code: code! }, meta),
    ).toEqual({
      ok: false,
      code: "totp_invalid",
    });
    expect(await sessionCount(user.id)).toBe(1);
    const used = await getDb().auditEntry.findMany({
      where: { organizationId: org.id, action: "user.recovery_code_used" },
    });
    expect(used.map((e) => e.metadata)).toEqual([{ purpose: "sign_in", remaining: 9 }]);
  });

  it("lets exactly one of two simultaneous sign-ins with the same recovery code through", async () => {
    const { user } = await enrolledUser();
    const [code] = await replaceRecoveryCodes(getDb(), user.id);
    const results = await Promise.all(
      [1, 2].map(() =>
        authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code: code! }, meta),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await getDb().recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  });

  it("refuses another account's recovery code", async () => {
    const { user } = await enrolledUser();
    const other = await enrolledUser();
    await replaceRecoveryCodes(getDb(), user.id);
    const [theirs] = await replaceRecoveryCodes(getDb(), other.user.id);
    expect(
      await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code: theirs! }, meta),
    ).toEqual({
      ok: false,
      code: "totp_invalid",
    });
  });
});

describe("recovery codes at enrolment, regeneration and removing the authenticator", () => {
  it("shows ten codes at enrolment, stores only digests, and regenerates them with a fresh code", async () => {
    const user = await fixtures.createUser();
    await fixtures.signInAs(user);
    const begun = await beginTotpEnrolmentAction({});
    if (!begun.ok) throw new Error(begun.message);
    const confirmed = await confirmTotpEnrolmentAction({ code: currentTotpCode(begun.data.secret) });
    if (!confirmed.ok) throw new Error(confirmed.message);
    const codes = confirmed.data.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await getDb().recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    for (const row of stored)
      for (const code of codes) expect(row.codeHash).not.toContain(code.replaceAll("-", ""));

    expect(await regenerateRecoveryCodesAction({ totpCode: "000000" })).toMatchObject({ ok: false });
    const again = await regenerateRecoveryCodesAction({
      totpCode: await fixtures.freshTotpCode(user, begun.data.secret),
    });
    if (!again.ok) throw new Error(again.message);
    expect(again.data.recoveryCodes.some((c) => codes.includes(c))).toBe(false);
    // The old set no longer works.
    expect(await removeTotpAction({ code: codes[0]! })).toMatchObject({ ok: false });
    expect(await removeTotpAction({ code: again.data.recoveryCodes[0]! })).toMatchObject({ ok: true });
    expect(await getDb().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses removing the authenticator without a code (the password is no field at all)", async () => {
    const { user } = await enrolledUser();
    await fixtures.signInAs(user);
    expect(await removeTotpAction({ password: fixtures.TEST_PASSWORD })).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
    });
    expect(await removeTotpAction({ code: "" })).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    expect(await removeTotpAction({ code: "ABCD-EFGH-JKMN-PQRS" })).toMatchObject({ ok: false });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeInstanceOf(
      Date,
    );
  });

  it("removes the authenticator with a recovery code, and audits how", async () => {
    const { user } = await enrolledUser();
    const { org } = await fixtures.createOrgWithOwner("Removal Co");
    await getDb().membership.create({ data: { organizationId: org.id, userId: user.id, role: "member" } });
    const [code] = await replaceRecoveryCodes(getDb(), user.id);
    await fixtures.signInAs(user);
    expect(await removeTotpAction({ code: code! })).toMatchObject({ ok: true });
    const entries = await getDb().auditEntry.findMany({
      where: { organizationId: org.id, action: { in: ["user.recovery_code_used", "user.totp_removed"] } },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => [e.action, e.metadata])).toEqual([
      ["user.recovery_code_used", { purpose: "totp_removal", remaining: 9 }],
      ["user.totp_removed", { method: "recovery_code" }],
    ]);
  });
});

describe("require two-factor for owners and admins", () => {
  it("is off by default; turning it on needs a code, is audited, then gates admins without one", async () => {
    const { org, owner } = await fixtures.createOrgWithOwner("Gated");
    expect((await getDb().organization.findUniqueOrThrow({ where: { id: org.id } })).requireTwoFactor).toBe(
      false,
    );
    const secret = await fixtures.enrolTotp(owner);
    const admin = await fixtures.addMember(org.id, "admin");
    const member = await fixtures.addMember(org.id, "member");

    await fixtures.signInAs(owner);
    expect(
      await setTwoFactorRequirementAction({ organizationId: org.id, requireTwoFactor: true }),
    ).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    expect(
      await setTwoFactorRequirementAction({
        organizationId: org.id,
        requireTwoFactor: true,
        totpCode: "000000",
      }),
    ).toMatchObject({ ok: false });
    expect(
      await setTwoFactorRequirementAction({
        organizationId: org.id,
        requireTwoFactor: true,
        totpCode: await fixtures.freshTotpCode(owner, secret),
      }),
    ).toMatchObject({ ok: true, data: { requireTwoFactor: true } });
    const [entry] = await getDb().auditEntry.findMany({
      where: { organizationId: org.id, action: "organization.two_factor_requirement_changed" },
    });
    expect(entry?.metadata).toEqual({ before: false, after: true });

    // An admin without an authenticator: no action, and every page sends them to enrolment.
    await fixtures.signInAs(admin);
    expect(await createSystemAction({ organizationId: org.id, name: "Blocked" })).toMatchObject({
      ok: false,
      code: "TOTP_NOT_ENROLLED",
    });
    expect(await getDb().system.count({ where: { organizationId: org.id } })).toBe(0);
    await expect(getOrgPageContext(org.slug)).rejects.toThrow(/NEXT_REDIRECT/);

    // A member is not asked; an admin with an authenticator passes.
    await fixtures.signInAs(member);
    await expect(getOrgPageContext(org.slug)).resolves.toMatchObject({ role: "member" });
    await fixtures.enrolTotp(admin);
    await fixtures.signInAs(admin);
    expect(await createSystemAction({ organizationId: org.id, name: "Allowed" })).toMatchObject({ ok: true });
  });
});
