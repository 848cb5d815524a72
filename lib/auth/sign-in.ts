import { getDb } from "@/lib/db";
import type { RequestMeta } from "@/lib/context";
import { knownDeviceId, knownDeviceToken } from "./known-device";
import { verifyDummyPassword, verifyPassword } from "./password";
import { checkSecondFactor } from "./second-factor";
import { createSession } from "./session-rows";
import type { PasskeyFailure, RelyingParty } from "./webauthn";
import {
  clearFailures,
  recordFailure,
  SIGN_IN_PER_ACCOUNT,
  SIGN_IN_PER_IP,
  SIGN_IN_PER_SOURCE,
  throttleState,
  type ThrottleRule,
} from "./throttle";

type SignInRefusal =
  | "credentials"
  | "locked"
  | "totp_required"
  | "totp_invalid"
  | "totp_replayed"
  | "totp_throttled"
  | "totp_locked"
  | "sso_required"
  | `totp_${PasskeyFailure}`;

export type AuthenticateResult =
  | { ok: true; userId: string; email: string; name: string; sessionId: string; deviceToken: string }
  | { ok: false; code: SignInRefusal };

/**
 * The password, then (for an account with an authenticator or a passkey) a current code, a recovery
 * code or a passkey's answer to a sign-in challenge (`rp`: the relying party of the request);
 * the Session row is created only after both. Without a code the answer is "totp_required" and
 * nothing is stored: there is no half-signed state a console page or API could see.
 *
 * Failures are throttled with growing delays, never by a lock a stranger can set for someone else
 * (README, "Security model": sign-in under attack):
 * - per account and source: the source is the browser's known-device cookie of this account
 *   (lib/auth/known-device.ts) or else the client address;
 * - per account and per address, counting only browsers that are not a known device of the
 *   account: a flood of wrong passwords slows new browsers, but the right password from a known
 *   device still gets in.
 */
export async function authenticate(
  input: { email: string; password: string; code?: string },
  meta: RequestMeta,
  deviceCookie: string | null = null,
  rp?: RelyingParty,
): Promise<AuthenticateResult> {
  const db = getDb();
  const user = await db.user.findUnique({ where: { email: input.email } });
  const deviceId = user ? knownDeviceId(deviceCookie, user.id) : null;
  const ip = meta.ip ?? "unknown";
  const sourceKey = `sign-in:source:${input.email}:${deviceId ? `device:${deviceId}` : `ip:${ip}`}`;
  const counters: [string, ThrottleRule][] = [[sourceKey, SIGN_IN_PER_SOURCE]];
  if (!deviceId) {
    counters.push(
      [`sign-in:account:${input.email}`, SIGN_IN_PER_ACCOUNT],
      [`sign-in:ip:${ip}`, SIGN_IN_PER_IP],
    );
  }
  const states = await Promise.all(counters.map(([key]) => throttleState(key)));
  if (states.some((state) => state.waitMs > 0)) return { ok: false, code: "locked" };

  // An unknown account costs the same scrypt work as a known one, so timing reveals nothing.
  const valid = user?.passwordHash
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyDummyPassword(input.password);

  if (!user || !valid || user.disabledAt) {
    let waits = false;
    for (const [key, rule] of counters) if ((await recordFailure(key, rule)).waitMs > 0) waits = true;
    return { ok: false, code: waits ? "locked" : "credentials" };
  }

  // A passkey is a second factor as much as the authenticator app (README, "Passkeys").
  const secondFactor =
    user.totpEnabledAt !== null || (await db.passkey.count({ where: { userId: user.id } })) > 0;
  if (await passwordsOff(user.id, secondFactor)) return { ok: false, code: "sso_required" };
  if (secondFactor) {
    if (!input.code) return { ok: false, code: "totp_required" };
    const check = await checkSecondFactor(user, input.code, meta, "sign_in", rp);
    if (!check.ok)
      return { ok: false, code: check.reason === "not_enrolled" ? "totp_invalid" : `totp_${check.reason}` };
  }

  // Only this source's own count is cleared: the account's and the address's counts belong to
  // other sources as well, and end when they are forgotten.
  await clearFailures(sourceKey);
  const sessionId = await createSession(user.id, meta);
  return {
    ok: true,
    userId: user.id,
    email: user.email,
    name: user.name,
    sessionId,
    deviceToken: knownDeviceToken(user.id, deviceId),
  };
}

/**
 * "Passwords off" (README, "Single sign-on"): a member of an organization that requires SSO signs
 * in only through the provider; an owner keeps the password as break-glass, with a second factor
 * (then asked for as always), so an outage of the provider does not lock the organization out.
 */
async function passwordsOff(userId: string, secondFactor: boolean): Promise<boolean> {
  const roles = await getDb().membership.findMany({
    where: { userId, organization: { requireSso: true } },
    select: { role: true },
  });
  return roles.some((m) => m.role !== "owner") || (roles.length > 0 && !secondFactor);
}
