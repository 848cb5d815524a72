import { beforeAll, describe, expect, it } from "vitest";
import {
  beginTotpEnrolmentAction,
  confirmTotpEnrolmentAction,
  removeTotpAction,
} from "@/lib/auth/account-actions";
import { revokeKeyAction, rollKeyAction, viewSecretAction } from "@/lib/keys/actions";
import { currentTotpCode, totpStep } from "@/lib/auth/totp";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { addMember, createUser, freshTotpCode, signInAs } from "../support/fixtures";
import {
  actAs,
  createKeyAs,
  createKeysWorld,
  expectAuditFreeOf,
  useKeysWorld,
  withAudit,
} from "../support/key-lifecycle";
import { testRequest } from "../support/state";

useTestDatabase();

const NEXT_STEP = 30_000;

describe("TOTP step-up for sensitive key actions", () => {
  const w = useKeysWorld("Acme");
  let keyId: string;
  const codes: string[] = [];

  beforeAll(async () => {
    keyId = (await createKeyAs(w.admin, { organizationId: w.org.id, label: "guarded" })).key.id;
  });

  /** Rolls the guarded key at once with `totpCode`, and the audit entries that wrote. */
  const rollNow = (totpCode: string) =>
    withAudit(w.org.id, () => rollKeyAction({ keyId, expectedVersion: 1, grace: "now", totpCode }));
  /** A step-up refusal with this message on the code field. */
  const codeRefused = (message: string) => ({
    ok: false,
    code: "STEP_UP_REQUIRED",
    fieldErrors: { totpCode: message },
  });

  async function version(): Promise<number | undefined> {
    return (await getDb().apiKey.findUnique({ where: { id: keyId } }))?.version;
  }

  it("refuses a user without an authenticator, pointing to enrolment, and changes nothing", async () => {
    const admin = await addMember(w.org.id, "admin");
    await signInAs(admin);
    const { result, entries } = await rollNow("123456");
    expect(result).toEqual({
      ok: false,
      code: "TOTP_NOT_ENROLLED",
      message: "Set up an authenticator app first",
      fieldErrors: undefined,
    });
    expect(entries).toHaveLength(0);
    expect(await version()).toBe(1);
  });

  it("refuses a wrong code, audits the failed step-up in the key's organization, and changes nothing", async () => {
    await actAs(w.admin);
    const wrong = currentTotpCode(w.admin.totp, new Date(Date.now() + 10 * NEXT_STEP));
    codes.push(wrong);
    const { result, entries } = await rollNow(wrong);
    expect(result).toMatchObject(codeRefused("That code is not valid."));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "stepup.failed",
      outcome: "failed",
      actorId: w.admin.user.id,
      targetType: "user",
      metadata: { action: "key.roll", reason: "invalid" },
      ip: testRequest.ip,
    });
    expect(await version()).toBe(1);
  });

  it("accepts a code once: the same code again is refused as already used", async () => {
    const code = await actAs(w.admin);
    codes.push(code);
    expect(await viewSecretAction({ keyId, slot: "primary", totpCode: code })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    const { result, entries } = await rollNow(code);
    expect(result).toMatchObject(codeRefused("That code was already used."));
    expect(entries.map((e) => e.metadata)).toEqual([{ action: "key.roll", reason: "replayed" }]);
    const next = currentTotpCode(w.admin.totp, new Date(Date.now() + NEXT_STEP));
    codes.push(next);
    expect(await rollKeyAction({ keyId, expectedVersion: 1, grace: "now", totpCode: next })).toMatchObject({
      ok: true,
    });
  });

  it("lets only one of two simultaneous requests use one code", async () => {
    await getDb().keyPolicy.update({
      where: { organizationId: w.org.id },
      data: { retrievableSecrets: true },
    });
    const { key } = await createKeyAs(w.admin, { organizationId: w.org.id, label: "viewable" });
    const code = await actAs(w.admin);
    codes.push(code);
    const results = await Promise.all([
      viewSecretAction({ keyId: key.id, slot: "primary", totpCode: code }),
      viewSecretAction({ keyId: key.id, slot: "primary", totpCode: code }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject(codeRefused("That code was already used."));
    await getDb().keyPolicy.update({
      where: { organizationId: w.org.id },
      data: { retrievableSecrets: false },
    });
  });

  it("locks out after five wrong codes, even for the right one", async () => {
    await actAs(w.admin);
    const wrong = currentTotpCode(w.admin.totp, new Date(Date.now() + 10 * NEXT_STEP));
    for (let i = 0; i < 5; i++) {
      const result = await revokeKeyAction({ keyId, confirmLabel: "guarded", totpCode: wrong });
      expect(result).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    }
    const right = currentTotpCode(w.admin.totp);
    const { result: locked, entries } = await withAudit(w.org.id, () =>
      revokeKeyAction({ keyId, confirmLabel: "guarded", totpCode: right }),
    );
    expect(locked).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
      fieldErrors: { totpCode: expect.stringContaining("Too many") },
    });
    expect(entries.map((e) => e.metadata)).toEqual([{ action: "key.revoke", reason: "throttled" }]);
    expect((await getDb().apiKey.findUnique({ where: { id: keyId } }))?.state).toBe("active");
  });

  it("checks the role before the code: a member's attempt is denied without touching their TOTP state", async () => {
    await actAs(w.member);
    const code = currentTotpCode(w.member.totp);
    expect(await rollKeyAction({ keyId, expectedVersion: 2, grace: "now", totpCode: code })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect((await getDb().user.findUnique({ where: { id: w.member.user.id } }))?.totpLastStep).toBeNull();
  });

  it("never writes a TOTP code into the audit log", async () => {
    await expectAuditFreeOf(codes);
  });
});

describe("authenticator enrolment", () => {
  let orgA: string;
  let orgB: string;
  let user: { id: string; email: string };
  const password = "correct horse battery";

  beforeAll(async () => {
    const a = await createKeysWorld("Initech");
    const b = await createKeysWorld("Hooli");
    orgA = a.org.id;
    orgB = b.org.id;
    user = await createUser({ password: password });
    for (const orgId of [orgA, orgB])
      await getDb().membership.create({ data: { organizationId: orgId, userId: user.id, role: "admin" } });
  });

  const secrets: string[] = [];

  async function enrol(): Promise<string> {
    await signInAs(user);
    const begun = await beginTotpEnrolmentAction({});
    if (!begun.ok) throw new Error(begun.message);
    const confirmed = await confirmTotpEnrolmentAction({ code: currentTotpCode(begun.data.secret) });
    expect(confirmed.ok).toBe(true);
    secrets.push(begun.data.secret);
    return begun.data.secret;
  }

  it("begins with a pending secret, an otpauth URI and a QR code; stores the secret only encrypted", async () => {
    await signInAs(user);
    const begun = await beginTotpEnrolmentAction({});
    if (!begun.ok) throw new Error(begun.message);
    expect(begun.data.uri).toMatch(/^otpauth:\/\/totp\/Keyplane:/);
    expect(begun.data.uri).toContain(`secret=${begun.data.secret}`);
    expect(begun.data.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const row = await getDb().user.findUnique({ where: { id: user.id } });
    expect(row).toMatchObject({ totpSecretEnc: null, totpEnabledAt: null });
    expect(row?.totpPendingEnc).toBeTruthy();
    expect(row?.totpPendingEnc).not.toContain(begun.data.secret);

    const wrong = await confirmTotpEnrolmentAction({
      code: currentTotpCode(begun.data.secret, new Date(Date.now() + 10 * NEXT_STEP)),
    });
    expect(wrong).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: { code: "That code is not valid." },
    });
    expect((await getDb().user.findUnique({ where: { id: user.id } }))?.totpEnabledAt).toBeNull();
  });

  it("confirms with a first code, audits in every organization of the user, then step-up works", async () => {
    const seqs = { a: await lastSeq(orgA), b: await lastSeq(orgB) };
    const secret = await enrol();
    const row = await getDb().user.findUnique({ where: { id: user.id } });
    expect(row?.totpEnabledAt).toBeInstanceOf(Date);
    expect(row?.totpPendingEnc).toBeNull();
    expect(row?.totpLastStep).toBeGreaterThanOrEqual(totpStep() - 1);
    for (const [orgId, seq] of [
      [orgA, seqs.a],
      [orgB, seqs.b],
    ] as const) {
      const entries = await getDb().auditEntry.findMany({
        where: { organizationId: orgId, seq: { gt: seq } },
      });
      expect(entries.map((e) => [e.action, e.targetId])).toEqual([["user.totp_enabled", user.id]]);
    }
    await expectAuditFreeOf([secret]);
    expect(await beginTotpEnrolmentAction({})).toMatchObject({ ok: false, code: "CONFLICT" });

    const { key } = await createKeyAs({ user, totp: secret }, { organizationId: orgA, label: "mine" });
    const code = await freshTotpCode(user, secret);
    expect(await revokeKeyAction({ keyId: key.id, confirmLabel: "mine", totpCode: code })).toMatchObject({
      ok: true,
    });
  });

  it("removes the authenticator with a current code only, never with the password", async () => {
    expect((await getDb().user.findUnique({ where: { id: user.id } }))?.totpEnabledAt).toBeInstanceOf(Date);
    await signInAs(user);
    expect(await removeTotpAction({ password })).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    expect(await removeTotpAction({})).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: { code: expect.any(String) },
    });
    expect((await getDb().user.findUnique({ where: { id: user.id } }))?.totpEnabledAt).toBeInstanceOf(Date);

    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    await getDb().user.update({ where: { id: user.id }, data: { totpLastStep: null } });
    const secret = secrets.at(-1) ?? "";
    expect(
      await removeTotpAction({ code: currentTotpCode(secret, new Date(Date.now() + 10 * NEXT_STEP)) }),
    ).toMatchObject({
      ok: false,
      code: "STEP_UP_REQUIRED",
      fieldErrors: { code: "That code is not valid." },
    });
    expect(row.totpEnabledAt).toBeInstanceOf(Date);
    const seq = await lastSeq(orgB);
    expect(await removeTotpAction({ code: currentTotpCode(secret) })).toEqual({
      ok: true,
      data: { removed: true },
    });
    expect(await getDb().user.findUnique({ where: { id: user.id } })).toMatchObject({
      totpSecretEnc: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    const entries = await getDb().auditEntry.findMany({ where: { organizationId: orgB, seq: { gt: seq } } });
    expect(entries.map((e) => [e.action, e.metadata])).toEqual([["user.totp_removed", { method: "code" }]]);
    expect(await removeTotpAction({ code: currentTotpCode(secret) })).toMatchObject({
      ok: false,
      code: "TOTP_NOT_ENROLLED",
    });
  });
});

async function lastSeq(organizationId: string): Promise<number> {
  return (
    (await getDb().auditEntry.findFirst({ where: { organizationId }, orderBy: { seq: "desc" } }))?.seq ?? 0
  );
}
