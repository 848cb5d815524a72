import {
  CUSTOM_SECRET_MAX_LENGTH,
  CUSTOM_SECRET_MIN_LENGTH,
  SECRET_PREFIX,
  isPrintableAsciiWithoutSpace,
} from "@/lib/keys/format";

export { CUSTOM_SECRET_MIN_LENGTH };

export type CustomSecretResult = { ok: true } | { ok: false; message: string };

export const CUSTOM_SECRET_MESSAGES = {
  notString: "Custom secret must be a string",
  tooShort: `Custom secret must be at least ${CUSTOM_SECRET_MIN_LENGTH} characters`,
  tooLong: `Custom secret must be at most ${CUSTOM_SECRET_MAX_LENGTH} characters`,
  charset: "Custom secret may only contain printable ASCII characters, without spaces",
  reservedPrefix: `Custom secret cannot start with "${SECRET_PREFIX}"; that prefix is reserved for generated keys`,
  variety:
    "Custom secret must use at least three of: lower case letters, upper case letters, digits, symbols",
} as const;

const REQUIRED_CLASSES = 3;

/**
 * Policy for caller-chosen secret values (only when the org policy allows custom secrets).
 * Checks run cheapest first so hostile input (megabytes, NUL, Unicode) is refused in O(1) or one scan.
 * The "kp_" prefix is reserved so looksLikeSecret() can reject any mistyped generated key offline.
 */
export function validateCustomSecret(value: unknown): CustomSecretResult {
  if (typeof value !== "string") return refuse(CUSTOM_SECRET_MESSAGES.notString);
  if (value.length < CUSTOM_SECRET_MIN_LENGTH) return refuse(CUSTOM_SECRET_MESSAGES.tooShort);
  if (value.length > CUSTOM_SECRET_MAX_LENGTH) return refuse(CUSTOM_SECRET_MESSAGES.tooLong);
  if (!isPrintableAsciiWithoutSpace(value)) return refuse(CUSTOM_SECRET_MESSAGES.charset);
  if (value.startsWith(SECRET_PREFIX)) return refuse(CUSTOM_SECRET_MESSAGES.reservedPrefix);
  if (countCharacterClasses(value) < REQUIRED_CLASSES) return refuse(CUSTOM_SECRET_MESSAGES.variety);
  return { ok: true };
}

/** Number of classes (lower, upper, digit, symbol) present; input is already printable ASCII. */
function countCharacterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let symbol = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 97 && code <= 122) lower = 1;
    else if (code >= 65 && code <= 90) upper = 1;
    else if (code >= 48 && code <= 57) digit = 1;
    else symbol = 1;
  }
  return lower + upper + digit + symbol;
}

function refuse(message: string): CustomSecretResult {
  return { ok: false, message };
}
