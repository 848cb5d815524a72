import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { RequestMeta } from "@/lib/context";
import { verifyDummyPassword, verifyPassword } from "./password";
import { checkSecondFactor } from "./second-factor";
import { clearFailures, lockedFor, recordFailure, SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP } from "./throttle";
import { HOUR_MS } from "@/lib/time";

type SignInRefusal =
  "credentials" | "locked" | "totp_required" | "totp_invalid" | "totp_replayed" | "totp_throttled";

export type AuthenticateResult =
  | { ok: true; userId: string; email: string; name: string; sessionId: string }
  | { ok: false; code: SignInRefusal };

/**
 * The password, then (for an account with an authenticator) a current code or a recovery code;
 * the Session row is created only after both. Without a code the answer is "totp_required" and
 * nothing is stored: there is no half-signed state a console page or API could see.
 */
export async function authenticate(
  input: { email: string; password: string; code?: string },
  meta: RequestMeta,
): Promise<AuthenticateResult> {
  const accountKey = `sign-in:account:${input.email}`;
  const ipKey = `sign-in:ip:${meta.ip ?? "unknown"}`;
  if ((await lockedFor(accountKey)) > 0 || (await lockedFor(ipKey)) > 0) return { ok: false, code: "locked" };

  const db = getDb();
  const user = await db.user.findUnique({ where: { email: input.email } });
  // An unknown account costs the same scrypt work as a known one, so timing reveals nothing.
  const valid = user?.passwordHash
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyDummyPassword(input.password);

  if (!user || !valid || user.disabledAt) {
    const locked =
      (await recordFailure(accountKey, SIGN_IN_PER_ACCOUNT)) || (await recordFailure(ipKey, SIGN_IN_PER_IP));
    return { ok: false, code: locked ? "locked" : "credentials" };
  }

  if (user.totpEnabledAt) {
    if (!input.code) return { ok: false, code: "totp_required" };
    const check = await checkSecondFactor(user, input.code, meta, "sign_in");
    if (!check.ok)
      return { ok: false, code: check.reason === "not_enrolled" ? "totp_invalid" : `totp_${check.reason}` };
  }

  await clearFailures(accountKey);
  const session = await db.session.create({
    data: {
      userId: user.id,
      expiresAt: new Date(Date.now() + env().KEYPLANE_SESSION_HOURS * HOUR_MS),
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
  });
  return { ok: true, userId: user.id, email: user.email, name: user.name, sessionId: session.id };
}
