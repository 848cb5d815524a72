import { auditTarget, writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { isPasskeyAnswer } from "./passkey-answer";
import { checkTotpCode } from "./totp";
import { decryptTotpSecret } from "./totp-storage";
import { clearFailures, recordFailure, throttleState, totpThrottleKey, TOTP_PER_USER } from "./throttle";
import { checkPasskeyAnswer, type PasskeyFailure, type RelyingParty } from "./webauthn";

// TOTP step-up for sensitive actions (roll, regenerate, revoke, delete, view a secret, and every
// change that widens a credential): the user proves possession of their authenticator again,
// right before the action runs. A passkey's answer (lib/auth/passkey-answer.ts) in the same field
// is checked instead of a code (lib/auth/webauthn.ts; README, "Passkeys").

const TOTP_NOT_ENROLLED_MESSAGE = "Set up an authenticator app first";

const STEP_UP_MESSAGES = {
  invalid: "That code is not valid.",
  replayed: "That code was already used.",
  throttled: "Too many wrong codes. Wait a few minutes and try again.",
  locked:
    "Too many wrong codes: two-factor is locked for this account. Sign in with a recovery code, or ask an owner to unlock it.",
  needed: "Enter the current code from your authenticator app.",
} as const;

export type TotpFailure = Exclude<keyof typeof STEP_UP_MESSAGES, "needed">;
export type TotpCheck = { ok: true } | { ok: false; reason: "not_enrolled" | TotpFailure };
type StepUpCheck = TotpCheck | { ok: false; reason: PasskeyFailure };

const PASSKEY_MESSAGES: Record<PasskeyFailure, string> = {
  passkey_invalid: "That passkey was not accepted.",
  passkey_challenge: "That passkey request expired or was already used. Try again.",
  passkey_counter:
    "That passkey's signature counter did not increase (it may have been copied). Use another passkey or a code.",
  passkey_unknown: "That passkey is not one of this account's passkeys.",
};

type AuditCtx = Pick<Ctx, "actor" | "organizationId" | "meta">;

/**
 * Passes when `code` is a fresh code of the user's authenticator. A failure is audited in the
 * organization of the attempted action (in its own transaction, so it survives the refusal) and
 * thrown as STEP_UP_REQUIRED (or RATE_LIMITED) with the message on the totpCode field.
 */
export async function verifyStepUp(
  user: { id: string },
  code: string,
  ctx: AuditCtx,
  rp: RelyingParty,
  purpose?: string,
): Promise<void> {
  const check = await checkStepUp(user.id, code, rp);
  if (check.ok) return;
  if (check.reason === "not_enrolled") throw stepUpFailureError(check.reason, "totpCode");
  await transact((tx) =>
    writeAudit(tx, ctx, {
      action: "stepup.failed",
      outcome: "failed",
      ...auditTarget("user", user.id, ctx.actor.label),
      metadata: { action: purpose ?? null, reason: check.reason },
    }),
  );
  throw stepUpFailureError(check.reason, "totpCode");
}

/** A step-up answer of either kind: a passkey's answer, or a code from the authenticator app. */
export async function checkStepUp(userId: string, code: string, rp: RelyingParty): Promise<StepUpCheck> {
  if (!isPasskeyAnswer(code)) return checkUserTotp(userId, code);
  const check = await checkPasskeyAnswer(userId, code, "step_up", rp);
  return check.ok ? { ok: true } : check;
}

export function stepUpFailureError(
  reason: Exclude<StepUpCheck, { ok: true }>["reason"],
  field: string,
): AppError {
  if (reason === "not_enrolled") return new AppError("TOTP_NOT_ENROLLED", TOTP_NOT_ENROLLED_MESSAGE);
  if (!reason.startsWith("passkey_")) return totpFailureError(reason as TotpFailure, field);
  const message = PASSKEY_MESSAGES[reason as PasskeyFailure];
  return new AppError("STEP_UP_REQUIRED", message, { [field]: message });
}

/**
 * A change that widens what a credential can do (see README, "Security model") needs a fresh
 * step-up when a person makes it: a session alone is not enough. Machines (API keys) and the
 * operator have no authenticator; their own limits are checked by the cores (lib/keys/grants.ts).
 */
export function requireFreshStepUp(ctx: Pick<Ctx, "actor" | "freshStepUp">, what: string): void {
  if (ctx.actor.type !== "user" || ctx.freshStepUp) return;
  throw new AppError("STEP_UP_REQUIRED", `${what} needs a code from your authenticator app.`, {
    totpCode: STEP_UP_MESSAGES.needed,
  });
}

export function totpFailureError(reason: TotpFailure, field: string): AppError {
  const message = STEP_UP_MESSAGES[reason];
  if (reason === "throttled" || reason === "locked")
    return new AppError("RATE_LIMITED", message, { [field]: message });
  return new AppError("STEP_UP_REQUIRED", `${message} Enter the current code from your authenticator app.`, {
    [field]: message,
  });
}

/**
 * Throttled, replay-safe check of a user's authenticator code. On success the code's time step is
 * stored with a compare-and-set, so the same code (or an older one) is refused afterwards, even
 * when two requests carry it at the same moment.
 */
export async function checkUserTotp(userId: string, code: string): Promise<TotpCheck> {
  const user = await getDb().user.findUnique({
    where: { id: userId },
    select: { totpSecretEnc: true, totpEnabledAt: true, totpLastStep: true },
  });
  if (!user?.totpSecretEnc || !user.totpEnabledAt) return { ok: false, reason: "not_enrolled" };
  const throttleKey = totpThrottleKey(userId);
  const throttle = await throttleState(throttleKey);
  if (throttle.capped) return { ok: false, reason: "locked" };
  if (throttle.waitMs > 0) return { ok: false, reason: "throttled" };
  const secret = decryptTotpSecret(userId, user.totpSecretEnc, "active");
  const result = checkTotpCode({ secret, code, lastAcceptedStep: user.totpLastStep });
  if (result.ok && (await consumeStep(userId, result.step))) {
    await clearFailures(throttleKey);
    return { ok: true };
  }
  if ((await recordFailure(throttleKey, TOTP_PER_USER)).capped) return { ok: false, reason: "locked" };
  return { ok: false, reason: result.ok || result.reason === "replayed" ? "replayed" : "invalid" };
}

async function consumeStep(userId: string, step: number): Promise<boolean> {
  const { count } = await transact((tx) =>
    tx.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    }),
  );
  return count === 1;
}
