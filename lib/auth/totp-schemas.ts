import { z } from "zod";
import { isPasskeyAnswer, PASSKEY_ANSWER_MAX } from "./passkey-answer";

// Schemas for TOTP codes and the account's authenticator set-up; shared by forms and server.

const TOTP_MESSAGES = {
  code: "Enter the 6-digit code from your authenticator app.",
  codeOrRecovery: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
} as const;

/** Six digits; spaces and dashes that people type or paste ("123 456") are dropped. */
const sixDigitCodeSchema = z
  .string({ error: TOTP_MESSAGES.code })
  .max(32, TOTP_MESSAGES.code)
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, TOTP_MESSAGES.code));

/**
 * A step-up: six digits from the authenticator app, or a passkey's answer (lib/auth/passkey-answer.ts),
 * which lib/auth/step-up.ts checks instead.
 */
export const totpCodeSchema = z
  .string({ error: TOTP_MESSAGES.code })
  .max(PASSKEY_ANSWER_MAX, TOTP_MESSAGES.code)
  .transform((value) => (isPasskeyAnswer(value) ? value : value.replace(/[\s-]/g, "")))
  .pipe(z.string().refine((value) => isPasskeyAnswer(value) || /^\d{6}$/.test(value), TOTP_MESSAGES.code));

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/**
 * The code of an action that needs step-up only for some inputs (a key given keys:manage, a role
 * raised to admin): blank or omitted when the change is a narrowing one.
 */
export const optionalTotpCodeSchema = z.preprocess(blankToUndefined, totpCodeSchema.optional());

export const beginTotpEnrolmentSchema = z.strictObject({});

export const confirmTotpEnrolmentSchema = z.strictObject({ code: sixDigitCodeSchema });

/**
 * Where a recovery code may stand in for the authenticator (signing in, removing it): six digits,
 * a recovery code or a passkey's answer; lib/auth/second-factor.ts tells them apart.
 */
export const secondFactorCodeSchema = z
  .string({ error: TOTP_MESSAGES.codeOrRecovery })
  .trim()
  .min(1, TOTP_MESSAGES.codeOrRecovery)
  .max(PASSKEY_ANSWER_MAX, TOTP_MESSAGES.codeOrRecovery)
  .refine((value) => isPasskeyAnswer(value) || value.length <= 40, TOTP_MESSAGES.codeOrRecovery);

/**
 * Removing the authenticator needs a current code or a recovery code, never the password alone:
 * a password that could remove the second factor would make the password the only factor.
 */
export const removeTotpSchema = z.strictObject({ code: secondFactorCodeSchema });

/** New recovery codes replace the old ones after a fresh authenticator code. */
export const regenerateRecoveryCodesSchema = z.strictObject({ totpCode: totpCodeSchema });
