import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { totpCodeSchema } from "./totp-schemas";

// Schemas for passkeys (WebAuthn), shared by the forms and the server (lib/auth/passkeys.ts).

const base64url = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9_-]*$/);

/** The browser's answer to navigator.credentials.get(), as @simplewebauthn/browser returns it. */
export const authenticationResponseSchema = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url.min(1),
    authenticatorData: base64url.min(1),
    signature: base64url.min(1),
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

/** The browser's answer to navigator.credentials.create(). */
const registrationResponseSchema = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url.min(1),
    attestationObject: base64url.min(1),
    authenticatorData: base64url.optional(),
    transports: z
      .array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]))
      .max(10)
      .optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

export const passkeyNameSchema = plainText(
  z.string().trim().min(1, "Name this passkey.").max(60, "Name must be at most 60 characters."),
);

export const beginPasskeyRegistrationSchema = z.strictObject({});

export const finishPasskeyRegistrationSchema = z.strictObject({
  name: passkeyNameSchema,
  response: registrationResponseSchema,
});

/** Options for a step-up with a passkey of the signed-in user. */
export const passkeyStepUpOptionsSchema = z.strictObject({});

/** Options for the second step of signing in (no account is named: nothing about it is revealed). */
export const passkeySignInOptionsSchema = z.strictObject({});

/** Removing a passkey needs a step-up: a TOTP code or a passkey (this one or another). */
export const removePasskeySchema = z.strictObject({
  passkeyId: z.string().min(1).max(64),
  totpCode: totpCodeSchema,
});
