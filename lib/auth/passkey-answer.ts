// A passkey answers a step-up in the same field a TOTP code does (`totpCode`, or `code` when signing
// in): the browser's assertion as JSON after PASSKEY_PREFIX, so every step-up dialog and every
// step-up schema accepts either (lib/auth/totp-schemas.ts, lib/auth/step-up.ts).

export const PASSKEY_PREFIX = "passkey:";

/** Room for an assertion's JSON (client data, authenticator data, signature, user handle). */
export const PASSKEY_ANSWER_MAX = 8192;

export function isPasskeyAnswer(code: string): boolean {
  return code.startsWith(PASSKEY_PREFIX);
}
