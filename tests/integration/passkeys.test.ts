import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  beginPasskeyRegistrationAction,
  finishPasskeyRegistrationAction,
  passkeySignInOptionsAction,
  passkeyStepUpOptionsAction,
  removePasskeyAction,
} from "@/lib/auth/passkey-actions";
import { authenticate } from "@/lib/auth/sign-in";
import { checkStepUp } from "@/lib/auth/step-up";
import { relyingPartyFor } from "@/lib/auth/webauthn";
import { getDb } from "@/lib/db";
import { rollKeyAction } from "@/lib/keys/actions";
import { setTwoFactorRequirementAction } from "@/lib/orgs/actions";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { createSystemAction } from "@/lib/systems/actions";
import { useTestDatabase } from "../support/db";
import * as fixtures from "../support/fixtures";
import { createKeyAs, useKeysWorld } from "../support/key-lifecycle";
import { SoftAuthenticator } from "../support/passkey-authenticator";

// Passkeys (README, "Passkeys"; issue 15). The assertions are real: tests/support/
// passkey-authenticator.ts signs authenticatorData || SHA-256(clientDataJSON) with a P-256 key, and
// the server checks them with @simplewebauthn/server, unmocked. The tests' requests carry no Host,
// so the relying party is http://localhost (lib/auth/webauthn-rp.ts).

useTestDatabase();

const meta = { ip: "198.51.100.9", userAgent: "passkey-test" };
const RP = relyingPartyFor("http://localhost");

function data<T>(result: { ok: true; data: T } | { ok: false }): T {
  if (!result.ok) throw new Error(`action failed: ${JSON.stringify(result)}`);
  return result.data;
}

/** Adds a passkey to `user` through the actions, as the security page does. */
async function enrolPasskey(user: { id: string }, name = "Laptop"): Promise<SoftAuthenticator> {
  await fixtures.signInAs(user);
  const authenticator = new SoftAuthenticator();
  const options = data(await beginPasskeyRegistrationAction({}));
  const response = authenticator.register(options.challenge);
  expect(await finishPasskeyRegistrationAction({ name, response })).toMatchObject({ ok: true });
  return authenticator;
}

async function stepUpAnswer(
  authenticator: SoftAuthenticator,
  options: { counter?: number; shortSignature?: boolean } = {},
) {
  const { challenge } = data(await passkeyStepUpOptionsAction({}));
  return authenticator.answer(challenge, options);
}

async function keyVersion(keyId: string): Promise<number | undefined> {
  return (await getDb().apiKey.findUnique({ where: { id: keyId } }))?.version;
}

describe("passkeys on the account and as the step-up", () => {
  const w = useKeysWorld("Passkey Co");
  let passkeyAdmin: { id: string; email: string };
  let authenticator: SoftAuthenticator;
  let keyId: string;

  beforeAll(async () => {
    passkeyAdmin = await fixtures.addMember(w.org.id, "admin");
    keyId = (await createKeyAs(w.admin, { organizationId: w.org.id, label: "guarded" })).key.id;
  });

  it("enrols several named passkeys per account, audited in the user's organizations", async () => {
    authenticator = await enrolPasskey(passkeyAdmin, "Laptop");
    await enrolPasskey(passkeyAdmin, "Phone");
    const rows = await getDb().passkey.findMany({
      where: { userId: passkeyAdmin.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((row) => row.name)).toEqual(["Laptop", "Phone"]);
    expect(rows[0]?.lastUsedAt).toBeNull();
    const audited = await getDb().auditEntry.count({
      where: { organizationId: w.org.id, action: "user.passkey_added", targetId: passkeyAdmin.id },
    });
    expect(audited).toBe(2);
  });

  it("refuses a registration answer to a challenge already used", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const options = data(await beginPasskeyRegistrationAction({}));
    const second = new SoftAuthenticator();
    const response = second.register(options.challenge);
    expect(await finishPasskeyRegistrationAction({ name: "Key A", response })).toMatchObject({ ok: true });
    const replay = new SoftAuthenticator().register(options.challenge);
    expect(await finishPasskeyRegistrationAction({ name: "Key B", response: replay })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
  });

  it("a passkey satisfies the step-up of a roll for a user without an authenticator app", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const totpCode = await stepUpAnswer(authenticator);
    const result = await rollKeyAction({ keyId, expectedVersion: 1, grace: "now", totpCode });
    expect(result).toMatchObject({ ok: true });
    expect(await keyVersion(keyId)).toBe(2);
    const row = await getDb().passkey.findUniqueOrThrow({ where: { credentialId: authenticator.id } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(Number(row.counter)).toBe(authenticator.counter);
  });

  it("accepts a signature whose r or s is shorter than 32 bytes (about one real assertion in 128)", async () => {
    await fixtures.signInAs(passkeyAdmin);
    for (let i = 0; i < 3; i++) {
      const totpCode = await stepUpAnswer(authenticator, { shortSignature: true });
      expect(await checkStepUp(passkeyAdmin.id, totpCode, RP)).toEqual({ ok: true });
    }
  });

  it("attack: the same assertion posted again is refused (the challenge is single-use)", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const totpCode = await stepUpAnswer(authenticator);
    expect(await rollKeyAction({ keyId, expectedVersion: 2, grace: "now", totpCode })).toMatchObject({
      ok: true,
    });
    const replayed = await rollKeyAction({ keyId, expectedVersion: 3, grace: "now", totpCode });
    expect(replayed).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(await keyVersion(keyId)).toBe(3);
    const failed = await getDb().auditEntry.findFirst({
      where: { organizationId: w.org.id, action: "stepup.failed", targetId: passkeyAdmin.id },
      orderBy: { seq: "desc" },
    });
    expect(JSON.stringify(failed?.metadata)).toContain("passkey_challenge");
  });

  it("attack: two concurrent requests carrying one assertion: exactly one passes", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const totpCode = await stepUpAnswer(authenticator);
    const results = await Promise.all([
      rollKeyAction({ keyId, expectedVersion: 3, grace: "now", totpCode }),
      rollKeyAction({ keyId, expectedVersion: 3, grace: "now", totpCode }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await keyVersion(keyId)).toBe(4);
  });

  it("attack: an expired challenge is refused", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const { challenge } = data(await passkeyStepUpOptionsAction({}));
    await getDb().passkeyChallenge.update({
      where: { challenge },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const totpCode = authenticator.answer(challenge);
    expect(await rollKeyAction({ keyId, expectedVersion: 4, grace: "now", totpCode })).toMatchObject({
      ok: false,
      code: "STEP_UP_REQUIRED",
    });
    expect(await keyVersion(keyId)).toBe(4);
  });

  it("attack: a signature counter that does not increase (a cloned authenticator) is refused", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const stored = Number(
      (await getDb().passkey.findUniqueOrThrow({ where: { credentialId: authenticator.id } })).counter,
    );
    expect(stored).toBeGreaterThan(0);
    for (const counter of [stored, stored - 1]) {
      const totpCode = await stepUpAnswer(authenticator, { counter });
      const result = await rollKeyAction({ keyId, expectedVersion: 4, grace: "now", totpCode });
      expect(result).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
      expect(JSON.stringify(result)).toContain("signature counter");
    }
    expect(await keyVersion(keyId)).toBe(4);
  });

  it("attack: another user's passkey does not answer this user's step-up", async () => {
    const other = await fixtures.addMember(w.org.id, "admin");
    const othersAuthenticator = await enrolPasskey(other, "Other's key");
    await fixtures.signInAs(passkeyAdmin);
    const totpCode = await stepUpAnswer(othersAuthenticator);
    expect(await rollKeyAction({ keyId, expectedVersion: 4, grace: "now", totpCode })).toMatchObject({
      ok: false,
      code: "STEP_UP_REQUIRED",
    });
    // Nor does this user's challenge, answered by the other user's session.
    const { challenge } = data(await passkeyStepUpOptionsAction({}));
    await fixtures.signInAs(other);
    const answer = othersAuthenticator.answer(challenge);
    expect(await rollKeyAction({ keyId, expectedVersion: 4, grace: "now", totpCode: answer })).toMatchObject({
      ok: false,
    });
    expect(await keyVersion(keyId)).toBe(4);
  });

  it("an assertion for another relying party is refused", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const { challenge } = data(await passkeyStepUpOptionsAction({}));
    const totpCode = authenticator.answer(challenge, {
      rp: { rpID: "evil.example", origin: "https://evil.example" },
    });
    expect(await rollKeyAction({ keyId, expectedVersion: 4, grace: "now", totpCode })).toMatchObject({
      ok: false,
      code: "STEP_UP_REQUIRED",
    });
  });

  it("removing a passkey needs a step-up, and is audited", async () => {
    await fixtures.signInAs(passkeyAdmin);
    const phone = await getDb().passkey.findFirstOrThrow({
      where: { userId: passkeyAdmin.id, name: "Phone" },
    });
    expect(await removePasskeyAction({ passkeyId: phone.id, totpCode: "" })).toMatchObject({ ok: false });
    expect(await removePasskeyAction({ passkeyId: phone.id, totpCode: "123456" })).toMatchObject({
      ok: false,
      code: "TOTP_NOT_ENROLLED",
    });
    expect(await getDb().passkey.count({ where: { id: phone.id } })).toBe(1);

    const totpCode = await stepUpAnswer(authenticator);
    expect(await removePasskeyAction({ passkeyId: phone.id, totpCode })).toMatchObject({ ok: true });
    expect(await getDb().passkey.count({ where: { id: phone.id } })).toBe(0);
    expect(
      await getDb().auditEntry.count({ where: { organizationId: w.org.id, action: "user.passkey_removed" } }),
    ).toBe(1);
  });

  it("attack: a user cannot remove someone else's passkey", async () => {
    const victim = await fixtures.addMember(w.org.id, "member");
    await enrolPasskey(victim, "Victim's key");
    const victimsKey = await getDb().passkey.findFirstOrThrow({ where: { userId: victim.id } });
    await fixtures.signInAs(passkeyAdmin);
    const totpCode = await stepUpAnswer(authenticator);
    expect(await removePasskeyAction({ passkeyId: victimsKey.id, totpCode })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await getDb().passkey.count({ where: { id: victimsKey.id } })).toBe(1);
  });

  it("a TOTP code still works for a user who has both", async () => {
    const { user, totp } = w.admin;
    await enrolPasskey(user, "Admin's laptop");
    await fixtures.signInAs(user);
    const totpCode = await fixtures.freshTotpCode(user, totp);
    expect(await rollKeyAction({ keyId, expectedVersion: 4, grace: "now", totpCode })).toMatchObject({
      ok: true,
    });
  });
});

describe("passkeys as the second factor when signing in", () => {
  it("asks a passkey-only account for its second factor, and signs in with a passkey answer", async () => {
    const user = await fixtures.createUser({ password: fixtures.TEST_PASSWORD });
    const authenticator = await enrolPasskey(user);
    const credentials = { email: user.email, password: fixtures.TEST_PASSWORD };
    expect(await authenticate(credentials, meta, null, RP)).toMatchObject({
      ok: false,
      code: "totp_required",
    });

    const { challenge } = data(await passkeySignInOptionsAction({}));
    const code = authenticator.answer(challenge);
    const before = await getDb().session.count({ where: { userId: user.id } });
    expect(await authenticate({ ...credentials, code }, meta, null, RP)).toMatchObject({ ok: true });
    expect(await getDb().session.count({ where: { userId: user.id } })).toBe(before + 1);

    // Replayed: the same answer signs in no second time.
    expect(await authenticate({ ...credentials, code }, meta, null, RP)).toMatchObject({
      ok: false,
      code: "totp_passkey_challenge",
    });
    expect(await getDb().session.count({ where: { userId: user.id } })).toBe(before + 1);
  });

  it("attack: a passkey of another account does not complete this account's sign-in", async () => {
    const victim = await fixtures.createUser({ password: fixtures.TEST_PASSWORD });
    await fixtures.enrolTotp(victim);
    const attacker = await fixtures.createUser({ password: fixtures.TEST_PASSWORD });
    const attackersKey = await enrolPasskey(attacker);
    const { challenge } = data(await passkeySignInOptionsAction({}));
    const code = attackersKey.answer(challenge);
    expect(
      await authenticate({ email: victim.email, password: fixtures.TEST_PASSWORD, code }, meta, null, RP),
    ).toMatchObject({
      ok: false,
      code: "totp_passkey_unknown",
    });
    expect(await getDb().session.count({ where: { userId: victim.id } })).toBe(0);
  });

  it("attack: anonymous callers asking for sign-in options store nothing (they cannot fill the database)", async () => {
    const before = await getDb().passkeyChallenge.count();
    const challenges = new Set<string>();
    for (let i = 0; i < 50; i++) challenges.add(data(await passkeySignInOptionsAction({})).challenge);
    expect(challenges.size).toBe(50);
    expect(await getDb().passkeyChallenge.count()).toBe(before);
  });

  it("attack: a sign-in challenge the server did not make, or made over five minutes ago, is refused", async () => {
    const user = await fixtures.createUser({ password: fixtures.TEST_PASSWORD });
    const authenticator = await enrolPasskey(user);
    const credentials = { email: user.email, password: fixtures.TEST_PASSWORD };
    const sessions = await getDb().session.count({ where: { userId: user.id } });
    const { challenge } = data(await passkeySignInOptionsAction({}));
    const forged = Buffer.from(challenge, "base64url");
    forged[0] = forged[0]! ^ 1;
    expect(
      await authenticate(
        { ...credentials, code: authenticator.answer(forged.toString("base64url")) },
        meta,
        null,
        RP,
      ),
    ).toMatchObject({ ok: false, code: "totp_passkey_challenge" });

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 5 * 60_000 + 1_000 });
    try {
      expect(
        await authenticate({ ...credentials, code: authenticator.answer(challenge) }, meta, null, RP),
      ).toMatchObject({ ok: false, code: "totp_passkey_challenge" });
    } finally {
      vi.useRealTimers();
    }
    expect(await getDb().session.count({ where: { userId: user.id } })).toBe(sessions);
  });

  it("attack: a step-up challenge does not serve as a sign-in challenge", async () => {
    const user = await fixtures.createUser({ password: fixtures.TEST_PASSWORD });
    const authenticator = await enrolPasskey(user);
    await fixtures.signInAs(user);
    const code = await stepUpAnswer(authenticator);
    expect(
      await authenticate({ email: user.email, password: fixtures.TEST_PASSWORD, code }, meta, null, RP),
    ).toMatchObject({
      ok: false,
      code: "totp_passkey_challenge",
    });
  });
});

describe("the organization's two-factor requirement", () => {
  it("counts a passkey-only owner as having a second factor", async () => {
    const { org, owner } = await fixtures.createOrgWithOwner("Passkey Only");
    const ownerKey = await enrolPasskey(owner);
    await fixtures.signInAs(owner);
    const totpCode = await stepUpAnswer(ownerKey);
    expect(
      await setTwoFactorRequirementAction({ organizationId: org.id, requireTwoFactor: true, totpCode }),
    ).toMatchObject({ ok: true, data: { requireTwoFactor: true } });
    await expect(getOrgPageContext(org.slug)).resolves.toMatchObject({ role: "owner" });
    expect(await createSystemAction({ organizationId: org.id, name: "Billing" })).toMatchObject({ ok: true });

    // An admin with neither is still refused.
    const admin = await fixtures.addMember(org.id, "admin");
    await fixtures.signInAs(admin);
    expect(await createSystemAction({ organizationId: org.id, name: "Search" })).toMatchObject({
      ok: false,
      code: "TOTP_NOT_ENROLLED",
    });
  });
});
