import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkUserTotp } from "@/lib/auth/step-up";
import {
  clearTotpFailures,
  recordFailure,
  SIGN_IN_PER_SOURCE,
  throttleState,
  totpThrottleKey,
  TOTP_PER_USER,
} from "@/lib/auth/throttle";
import { currentTotpCode } from "@/lib/auth/totp";
import { LAST_SEEN_EVERY_MS, loadLiveSession } from "@/lib/auth/session-rows";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { MINUTE_MS } from "@/lib/time";
import { unlockTwoFactorAction } from "@/lib/members/actions";
import { unlockTwoFactorAsOperator } from "@/cli/admin/unlock";
import type { ClientAddressOptions } from "../support/client-address";
import { useTestDatabase } from "../support/db";
import * as fixtures from "../support/fixtures";
import { startSignInServer } from "../support/sign-in-server";

// Issue 12, failure 8: sign-in lockout as a denial of service. Each attack goes through a node:http
// server that decides the caller's address as Keyplane's server does (tests/support/sign-in-server.ts).

useTestDatabase();

const STRANGER = "198.51.100.66";
const VICTIM_HOME = "192.0.2.44";
/** The loopback proxy in front of Keyplane appends the address it saw. */
const BEHIND_LOOPBACK_PROXY: ClientAddressOptions = { trustedProxies: "loopback" };
/** A proxy Keyplane was not told about: every client arrives as 127.0.0.1. */
const UNLISTED_PROXY: ClientAddressOptions = { trustedProxies: "none" };

type SignInServer = Awaited<ReturnType<typeof startSignInServer>>;

async function victim() {
  return fixtures.createUser({ email: fixtures.uniqueEmail("victim"), password: fixtures.TEST_PASSWORD });
}

// Each sign-in costs a scrypt hash: the floods below take a while on a busy machine.
describe("failure 8: a stranger's wrong passwords lock nobody else out", { timeout: 180_000 }, () => {
  let proxied: SignInServer;
  let shared: SignInServer;

  beforeAll(async () => {
    proxied = await startSignInServer(BEHIND_LOOPBACK_PROXY);
    shared = await startSignInServer(UNLISTED_PROXY);
  });
  afterAll(async () => {
    await proxied?.close();
    await shared?.close();
  });

  it("five wrong passwords from a stranger: the owner's right password from their own address still works", async () => {
    const account = await victim();
    for (let i = 0; i < 5; i++) {
      expect(
        await proxied.attempt(account.email, "wrong password", { forwardedFor: STRANGER }),
      ).toMatchObject({
        ok: false,
      });
    }
    expect(
      await proxied.attempt(account.email, fixtures.TEST_PASSWORD, { forwardedFor: VICTIM_HOME }),
    ).toMatchObject({
      ok: true,
    });
  });

  it("a flood on the account slows new browsers, but the right password from a known device gets in", async () => {
    const account = await victim();
    const first = await proxied.attempt(account.email, fixtures.TEST_PASSWORD, { forwardedFor: VICTIM_HOME });
    expect(first.ok).toBe(true);
    const device = first.deviceToken;
    expect(device).toBeTruthy();
    // Many strangers, many addresses: past the per-account cap.
    for (let i = 0; i < 25; i++) {
      await proxied.attempt(account.email, "wrong password", { forwardedFor: `203.0.113.${i + 1}` });
    }
    expect(
      await proxied.attempt(account.email, fixtures.TEST_PASSWORD, { forwardedFor: "203.0.113.200" }),
    ).toEqual({
      ok: false,
      code: "locked",
    });
    expect(
      await proxied.attempt(account.email, fixtures.TEST_PASSWORD, { forwardedFor: VICTIM_HOME, device }),
    ).toMatchObject({
      ok: true,
    });
  });

  it("behind a proxy nobody listed, 40 bad sign-ins from anyone do not lock out a user on a known device", async () => {
    const account = await victim();
    const { deviceToken: device } = await shared.attempt(account.email, fixtures.TEST_PASSWORD);
    expect(device).toBeTruthy();
    for (let i = 0; i < 40; i++) await shared.attempt(fixtures.uniqueEmail("nobody"), "wrong password");
    // ... and as many on the victim's own account, from the same (shared) address.
    for (let i = 0; i < 40; i++) await shared.attempt(account.email, "wrong password");
    expect(await shared.attempt(account.email, fixtures.TEST_PASSWORD, { device })).toMatchObject({
      ok: true,
    });
  });

  it("a known-device cookie of another account, or a forged one, counts as none", async () => {
    const account = await victim();
    const other = await victim();
    const { deviceToken: othersDevice } = await proxied.attempt(other.email, fixtures.TEST_PASSWORD, {
      forwardedFor: STRANGER,
    });
    for (let i = 0; i < 25; i++) {
      await proxied.attempt(account.email, "wrong password", { forwardedFor: `203.0.113.${i + 1}` });
    }
    for (const device of [othersDevice, "forged.c2lnbmF0dXJl"]) {
      expect(
        await proxied.attempt(account.email, fixtures.TEST_PASSWORD, { forwardedFor: STRANGER, device }),
      ).toEqual({
        ok: false,
        code: "locked",
      });
    }
  });

  it("the stranger himself is slowed, with delays that grow per failure", async () => {
    const account = await victim();
    for (let i = 0; i < 5; i++)
      await proxied.attempt(account.email, "wrong password", { forwardedFor: STRANGER });
    // Even the right password from the stranger's address waits now: nothing to learn from it.
    expect(await proxied.attempt(account.email, fixtures.TEST_PASSWORD, { forwardedFor: STRANGER })).toEqual({
      ok: false,
      code: "locked",
    });
    const key = `sign-in:source:${account.email}:ip:${STRANGER}`;
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) waits.push((await recordFailure(key, SIGN_IN_PER_SOURCE)).waitMs);
    expect(waits[0]).toBeGreaterThan(0);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1] ?? 0);
  });
});

describe("failure 8: failure counters are atomic", () => {
  it("30 failures at once are 30 failures", async () => {
    const key = `sign-in:source:${fixtures.uniqueEmail("race")}:ip:${STRANGER}`;
    await Promise.all(Array.from({ length: 30 }, () => recordFailure(key, SIGN_IN_PER_SOURCE)));
    expect((await throttleState(key)).failures).toBe(30);
  });
});

describe("failure 8: authenticator codes have a hard cap", () => {
  /** Waits out each delay, as a patient attacker does: only the hard cap is left to stop him. */
  async function waitOutDelay(userId: string) {
    await getDb().rateLimit.updateMany({
      where: { key: totpThrottleKey(userId), lockedUntil: { lt: new Date("9000-01-01") } },
      data: { lockedUntil: null },
    });
  }

  it("after 100 consecutive wrong codes even the right one is refused until the lock is cleared", async () => {
    const user = await victim();
    const secret = await fixtures.enrolTotp(user);
    const wrong = currentTotpCode(secret, new Date(Date.now() + 3_600_000));
    const reasons: string[] = [];
    for (let i = 0; i < 100; i++) {
      await waitOutDelay(user.id);
      const check = await checkUserTotp(user.id, wrong);
      reasons.push(check.ok ? "ok" : check.reason);
    }
    expect(reasons.slice(0, 99).every((reason) => reason === "invalid")).toBe(true);
    expect(reasons[99]).toBe("locked");

    await waitOutDelay(user.id);
    expect(await checkUserTotp(user.id, currentTotpCode(secret))).toEqual({ ok: false, reason: "locked" });

    // The unlock (a recovery code, an owner, or `keyplane admin unlock`) clears it.
    await clearTotpFailures(user.id);
    expect(await checkUserTotp(user.id, currentTotpCode(secret))).toEqual({ ok: true });
  }, 120_000);
});

describe("failure 8: who lifts the two-factor lock", () => {
  async function lockedMember(organizationId: string) {
    const person = await fixtures.addMember(organizationId, "admin");
    const secret = await fixtures.enrolTotp(person);
    for (let i = 0; i < TOTP_PER_USER.hardCap!; i++)
      await recordFailure(totpThrottleKey(person.id), TOTP_PER_USER);
    expect(await checkUserTotp(person.id, currentTotpCode(secret))).toEqual({ ok: false, reason: "locked" });
    return { person, secret };
  }

  it("an owner, with a fresh code of their own, audited", async () => {
    const { org, owner } = await fixtures.createOrgWithOwner("Unlockers");
    const ownerSecret = await fixtures.enrolTotp(owner);
    const { person, secret } = await lockedMember(org.id);
    await fixtures.signInAs(owner);
    const refused = await unlockTwoFactorAction({ organizationId: org.id, userId: person.id, totpCode: "" });
    expect(refused.ok).toBe(false);
    expect((await throttleState(totpThrottleKey(person.id))).capped).toBe(true);

    const done = await unlockTwoFactorAction({
      organizationId: org.id,
      userId: person.id,
      totpCode: await fixtures.freshTotpCode(owner, ownerSecret),
    });
    expect(done).toMatchObject({ ok: true, data: { failuresCleared: TOTP_PER_USER.hardCap } });
    const entry = await getDb().auditEntry.findFirst({
      where: { organizationId: org.id, action: "member.two_factor_unlocked" },
    });
    expect(entry).toMatchObject({ actorId: owner.id, targetId: person.id });
    expect(await checkUserTotp(person.id, currentTotpCode(secret))).toEqual({ ok: true });
  });

  it("an admin may not", async () => {
    const { org } = await fixtures.createOrgWithOwner("Unlockers 2");
    const admin = await fixtures.addMember(org.id, "admin");
    const adminSecret = await fixtures.enrolTotp(admin);
    const { person } = await lockedMember(org.id);
    await fixtures.signInAs(admin);
    const refused = await unlockTwoFactorAction({
      organizationId: org.id,
      userId: person.id,
      totpCode: await fixtures.freshTotpCode(admin, adminSecret),
    });
    expect(refused).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await throttleState(totpThrottleKey(person.id))).capped).toBe(true);
  });

  it("the operator: keyplane admin unlock EMAIL, audited in each of the account's organizations", async () => {
    const { org } = await fixtures.createOrgWithOwner("Unlockers 3");
    const { person, secret } = await lockedMember(org.id);
    expect(await unlockTwoFactorAsOperator(person.email.toUpperCase())).toEqual({
      email: person.email,
      failuresCleared: TOTP_PER_USER.hardCap,
      organizations: 1,
    });
    const entry = await getDb().auditEntry.findFirst({
      where: { organizationId: org.id, action: "user.two_factor_unlocked" },
    });
    expect(entry).toMatchObject({ actorType: "operator", targetId: person.id });
    expect(await checkUserTotp(person.id, currentTotpCode(secret))).toEqual({ ok: true });
  });
});

describe("sessions end after KEYPLANE_SESSION_IDLE_MINUTES unused", () => {
  const ago = (ms: number) => new Date(Date.now() - ms);

  async function sessionSeen(lastSeenAt: Date) {
    const user = await victim();
    return getDb().session.create({
      data: { userId: user.id, lastSeenAt, expiresAt: new Date(Date.now() + 3_600_000) },
    });
  }

  it("a session idle for longer than the idle timeout opens nothing, though its lifetime is not over", async () => {
    expect(env().KEYPLANE_SESSION_IDLE_MINUTES).toBe(30);
    const idle = await sessionSeen(ago(31 * MINUTE_MS));
    expect(await loadLiveSession(idle.id)).toBeNull();
  });

  it("a session in use stays, and is marked as seen at most once a minute", async () => {
    const recent = await sessionSeen(ago(29 * MINUTE_MS));
    const before = Date.now();
    expect(await loadLiveSession(recent.id)).not.toBeNull();
    const touched = await getDb().session.findUniqueOrThrow({ where: { id: recent.id } });
    expect(touched.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before);

    const justSeen = await sessionSeen(ago(LAST_SEEN_EVERY_MS / 2));
    expect(await loadLiveSession(justSeen.id)).not.toBeNull();
    const untouched = await getDb().session.findUniqueOrThrow({ where: { id: justSeen.id } });
    expect(untouched.lastSeenAt).toEqual(justSeen.lastSeenAt);
  });
});
