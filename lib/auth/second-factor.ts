import type { RequestMeta } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { auditAccountChange } from "./account-audit";
import { consumeRecoveryCode, countUnusedRecoveryCodes } from "./recovery-codes";
import { isPasskeyAnswer } from "./passkey-answer";
import { checkUserTotp, type TotpFailure } from "./step-up";
import { clearTotpFailures, recordFailure, TOTP_PER_USER, totpThrottleKey } from "./throttle";
import { checkPasskeyAnswer, type PasskeyFailure, type RelyingParty } from "./webauthn";

// The second factor where a recovery code may stand in for the authenticator: signing in and
// removing the authenticator (README, "Security model"). Six digits are an authenticator code,
// checked by checkUserTotp (throttled, replay-safe); anything else is tried as a recovery code,
// used up at most once. A wrong recovery code counts in the same per-user failure counter as a
// wrong authenticator code; a right one clears it (a recovery code is how a locked-out person
// gets back in, so the short code lock does not stop it: 80 random bits cannot be guessed).
// A passkey's answer (lib/auth/passkey-answer.ts) is checked as a passkey (lib/auth/webauthn.ts);
// it cannot be guessed either, so it neither counts in nor is stopped by the code lock.

type Purpose = "sign_in" | "totp_removal";
type AccountUser = { id: string; email: string };

export type SecondFactorCheck =
  | { ok: true; method: "totp" | "recovery_code" | "passkey" }
  | { ok: false; reason: "not_enrolled" | TotpFailure | PasskeyFailure };

function isTotpCodeShape(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/[\s-]/g, ""));
}

export async function checkSecondFactor(
  user: AccountUser,
  code: string,
  meta: RequestMeta,
  purpose: Purpose,
  rp?: RelyingParty,
): Promise<SecondFactorCheck> {
  if (isPasskeyAnswer(code)) {
    if (!rp) return { ok: false, reason: "passkey_invalid" };
    const check = await checkPasskeyAnswer(user.id, code, purpose === "sign_in" ? "sign_in" : "step_up", rp);
    return check.ok ? { ok: true, method: "passkey" } : check;
  }
  if (isTotpCodeShape(code)) {
    const check = await checkUserTotp(user.id, code);
    return check.ok ? { ok: true, method: "totp" } : check;
  }
  const enrolled = await getDb().user.findUnique({ where: { id: user.id }, select: { totpEnabledAt: true } });
  if (!enrolled?.totpEnabledAt) return { ok: false, reason: "not_enrolled" };
  const used = await transact(async (tx) => {
    if (!(await consumeRecoveryCode(tx, user.id, code))) return false;
    const remaining = await countUnusedRecoveryCodes(tx, user.id);
    await auditAccountChange(tx, user, meta, {
      action: "user.recovery_code_used",
      metadata: { purpose, remaining },
    });
    return true;
  });
  await countTotpOutcome(user.id, used);
  return used ? { ok: true, method: "recovery_code" } : { ok: false, reason: "invalid" };
}

/** The one place this module touches the per-user code failure counter (lib/auth/throttle.ts). */
async function countTotpOutcome(userId: string, ok: boolean): Promise<void> {
  if (ok) await clearTotpFailures(userId);
  else await recordFailure(totpThrottleKey(userId), TOTP_PER_USER);
}
