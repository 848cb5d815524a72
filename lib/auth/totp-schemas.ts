import { z } from "zod";

// Schemas for TOTP codes and the account's authenticator set-up; shared by forms and server.

export const TOTP_MESSAGES = {
  code: "Enter the 6-digit code from your authenticator app.",
  password: "Enter your current password.",
  oneOf: "Enter a code from your authenticator app or your current password.",
} as const;

/** Six digits; spaces and dashes that people type or paste ("123 456") are dropped. */
export const totpCodeSchema = z
  .string({ error: TOTP_MESSAGES.code })
  .max(32, TOTP_MESSAGES.code)
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, TOTP_MESSAGES.code));

export const beginTotpEnrolmentSchema = z.strictObject({});

export const confirmTotpEnrolmentSchema = z.strictObject({ code: totpCodeSchema });

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** Removing the authenticator needs a current code or, when the app is lost, the password. */
export const removeTotpSchema = z
  .strictObject({
    code: z.preprocess(blankToUndefined, totpCodeSchema.optional()),
    password: z.preprocess(
      blankToUndefined,
      z.string({ error: TOTP_MESSAGES.password }).max(200, TOTP_MESSAGES.password).optional(),
    ),
  })
  .refine((value) => (value.code === undefined) !== (value.password === undefined), {
    path: ["code"],
    message: TOTP_MESSAGES.oneOf,
  });
