import {
  CUSTOM_SECRET_MAX_LENGTH,
  CUSTOM_SECRET_MIN_LENGTH,
  SECRET_PREFIX,
  isPrintableAsciiWithoutSpace,
} from "@/lib/keys/format";

export type CustomSecretResult = { ok: true } | { ok: false; message: string };

export const CUSTOM_SECRET_MESSAGES = {
  notString: "Custom secret must be a string",
  tooShort: `Custom secret must be at least ${CUSTOM_SECRET_MIN_LENGTH} characters`,
  tooLong: `Custom secret must be at most ${CUSTOM_SECRET_MAX_LENGTH} characters`,
  charset: "Custom secret may only contain printable ASCII characters, without spaces",
  reservedPrefix: `Custom secret cannot start with "${SECRET_PREFIX}"; that prefix is reserved for generated keys`,
  weak: "Custom secret is too easy to guess: it needs at least 128 bits, e.g. 20 random characters mixing lower and upper case letters, digits and symbols, or 22 random letters and digits",
} as const;

/** The floor for a caller-chosen secret, as estimated by estimateSecretBits. */
const CUSTOM_SECRET_MIN_BITS = 128;

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
  if (estimateSecretBits(value) < CUSTOM_SECRET_MIN_BITS) return refuse(CUSTOM_SECRET_MESSAGES.weak);
  return { ok: true };
}

/**
 * A conservative estimate of a secret's entropy in bits (README, "Security model", Inputs). Each
 * character counts log2 of the pool its classes span (lower 26, upper 26, digits 10, symbols 32 of
 * printable ASCII), as if drawn at random from that pool, except that a character counts nothing when
 * it repeats or steps from the one before it (aaa, abc, 987) or closes a run of three characters
 * that already occurred earlier in the value (abcabc). It knows no dictionary: it overestimates
 * phrases of words, which is why the floor is as high as 128 bits (at least 20 characters of all
 * four classes, 22 of letters and digits). Input is printable ASCII, at most 256 characters.
 */
export function estimateSecretBits(value: string): number {
  const perCharacter = Math.log2(poolSize(value));
  let bits = 0;
  for (let i = 0; i < value.length; i++) {
    const step = i > 0 && Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) <= 1;
    const repeated = i >= 2 && value.slice(0, i).includes(value.slice(i - 2, i + 1));
    if (!step && !repeated) bits += perCharacter;
  }
  return bits;
}

/** Size of the alphabet the value's classes span (lower, upper, digit, symbol); 1 for "". */
function poolSize(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let symbol = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 97 && code <= 122) lower = 26;
    else if (code >= 65 && code <= 90) upper = 26;
    else if (code >= 48 && code <= 57) digit = 10;
    else symbol = 32;
  }
  return Math.max(1, lower + upper + digit + symbol);
}

function refuse(message: string): CustomSecretResult {
  return { ok: false, message };
}
