import QRCode from "qrcode";
import type { RequestMeta } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError, conflict } from "@/lib/errors";
import { auditAccountChange } from "./account-audit";
import { checkStepUp, checkUserTotp, stepUpFailureError, totpFailureError } from "./step-up";
import { replaceRecoveryCodes } from "./recovery-codes";
import { checkSecondFactor } from "./second-factor";
import { checkTotpCode, generateTotpSecret, totpUri } from "./totp";
import { decryptTotpSecret, encryptTotpSecret } from "./totp-storage";
import type { RelyingParty } from "./webauthn";
import { clearFailures, recordFailure, throttleState, totpThrottleKey, TOTP_PER_USER } from "./throttle";

// Setting up and removing the authenticator app of the signed-in user. A new secret waits in
// totpPendingEnc until the user proves, with a first code, that the app holds it; only then does
// it become the active secret. Both changes are audited in every organization the user belongs
// to, since each of them relies on this user's step-up.

type AccountUser = { id: string; email: string };

export type TotpEnrolment = { uri: string; secret: string; qrSvg: string };

/** Starts (or restarts) enrolment. The secret is returned: this is the moment the user copies it. */
export async function beginTotpEnrolment(user: AccountUser): Promise<TotpEnrolment> {
  const secret = generateTotpSecret();
  const { count } = await transact((tx) =>
    tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: null },
      data: { totpPendingEnc: encryptTotpSecret(user.id, secret, "pending") },
    }),
  );
  if (count === 0)
    throw conflict(
      "An authenticator app is already set up. Remove it with a current code first to set up another one.",
    );
  const uri = totpUri({ secret, accountName: user.email });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { uri, secret, qrSvg };
}

/**
 * Turns the pending secret on after a first code, with ten new recovery codes: they are returned
 * here, to be shown once (lib/auth/recovery-codes.ts), and only their digests are kept.
 */
export async function confirmTotpEnrolment(
  user: AccountUser,
  code: string,
  meta: RequestMeta,
): Promise<{ enabledAt: Date; recoveryCodes: string[] }> {
  const throttleKey = totpThrottleKey(user.id);
  const throttle = await throttleState(throttleKey);
  if (throttle.waitMs > 0) throw totpFailureError(throttle.capped ? "locked" : "throttled", "code");
  const row = await getDb().user.findUnique({
    where: { id: user.id },
    select: { totpPendingEnc: true, totpEnabledAt: true },
  });
  if (row?.totpEnabledAt) throw conflict("An authenticator app is already set up.");
  if (!row?.totpPendingEnc) throw conflict("Start setting up the authenticator app again.");
  const pending = row.totpPendingEnc;
  const secret = decryptTotpSecret(user.id, pending, "pending");
  const check = checkTotpCode({ secret, code, lastAcceptedStep: null });
  if (!check.ok) {
    await recordFailure(throttleKey, TOTP_PER_USER);
    const message = "That code is not valid. Check that the phone's clock is right and try the next code.";
    throw new AppError("VALIDATION_FAILED", message, { code: "That code is not valid." });
  }
  const enabledAt = new Date();
  const recoveryCodes = await transact(async (tx) => {
    // Only the pending secret the code was checked against may become active.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: null, totpPendingEnc: pending },
      data: {
        totpSecretEnc: encryptTotpSecret(user.id, secret, "active"),
        totpPendingEnc: null,
        totpEnabledAt: enabledAt,
        totpLastStep: check.step,
      },
    });
    if (count === 0) throw conflict("The set-up changed in another window. Start again.");
    await auditAccountChange(tx, user, meta, { action: "user.totp_enabled", metadata: {} });
    return replaceRecoveryCodes(tx, user.id);
  });
  await clearFailures(throttleKey);
  return { enabledAt, recoveryCodes };
}

/**
 * Removes the authenticator (and its recovery codes) after a current code or a recovery code.
 * Never the password alone: whoever holds the password could otherwise replace the second factor
 * with their own (issue 12, failure 2).
 */
export async function removeTotp(
  user: AccountUser,
  code: string,
  meta: RequestMeta,
  rp?: RelyingParty,
): Promise<void> {
  const check = await checkSecondFactor(user, code, meta, "totp_removal", rp);
  if (!check.ok) {
    if (check.reason === "not_enrolled")
      throw new AppError("TOTP_NOT_ENROLLED", "No authenticator app is set up.");
    throw stepUpFailureError(check.reason, "code");
  }
  await transact(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: { not: null } },
      data: { totpSecretEnc: null, totpPendingEnc: null, totpEnabledAt: null, totpLastStep: null },
    });
    if (count === 0) throw new AppError("TOTP_NOT_ENROLLED", "No authenticator app is set up.");
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    const method = check.method === "totp" ? "code" : check.method;
    await auditAccountChange(tx, user, meta, { action: "user.totp_removed", metadata: { method } });
  });
}

/**
 * New recovery codes after a fresh authenticator code (a step-up); the old ones stop working.
 * Returns the codes to show once.
 */
export async function regenerateRecoveryCodes(
  user: AccountUser,
  totpCode: string,
  meta: RequestMeta,
  rp?: RelyingParty,
): Promise<{ recoveryCodes: string[] }> {
  const check = rp ? await checkStepUp(user.id, totpCode, rp) : await checkUserTotp(user.id, totpCode);
  if (!check.ok) {
    if (check.reason === "not_enrolled")
      throw new AppError("TOTP_NOT_ENROLLED", "Set up an authenticator app first.");
    throw stepUpFailureError(check.reason, "totpCode");
  }
  const recoveryCodes = await transact(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, user.id);
    await auditAccountChange(tx, user, meta, {
      action: "user.recovery_codes_generated",
      metadata: { count: codes.length },
    });
    return codes;
  });
  return { recoveryCodes };
}
