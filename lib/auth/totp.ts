import { generateSecret, generateSync, generateURI, verifySync } from "otplib";

// TOTP second factor (RFC 6238), authenticator-app compatible: SHA-1, 6 digits, 30 s steps.
// otplib 13's verify() returns { valid, delta, timeStep } — an object, always truthy — so results
// are read field by field. We use the sync variants (the default Noble crypto plugin is sync) so
// callers get a plain result object: forgetting an `await` can't turn into an always-true check.
//
// Replay protection: each accepted code's time step is stored by the caller and passed back as
// lastAcceptedStep; a code for that step or any earlier one is refused as "replayed".

export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
const TOTP_ISSUER = "Keyplane";
/** ±1 step of clock drift: an epoch tolerance of one period covers exactly the adjacent steps. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
/** Secrets of 20 random bytes (160 bits), RFC 4226's recommended length, base32-encoded. */
const SECRET_BYTES = 20;
/** Anything longer than this is not a code with a few stray spaces; don't bother scanning it. */
const MAX_CODE_INPUT = 32;

export type TotpCheckResult =
  { ok: true; step: number } | { ok: false; reason: "invalid" | "replayed" | "malformed" };

export interface TotpCheckInput {
  /** Base32 secret from generateTotpSecret (decrypted). */
  secret: string;
  /** What the user typed. Spaces anywhere are ignored ("123 456"); then exactly 6 ASCII digits. */
  code: string;
  /** Step of the last accepted code for this user, or null if none yet. */
  lastAcceptedStep: number | null | undefined;
  now?: Date;
}

/** New base32 TOTP secret (32 chars). Store it encrypted (lib/crypto/aes.ts). */
export function generateTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/**
 * otpauth:// URI for the QR code. ":" separates issuer and account in the label, so one inside
 * the account name would corrupt it for authenticator apps; it is replaced.
 */
export function totpUri(input: { secret: string; accountName: string; issuer?: string }): string {
  const issuer = (input.issuer ?? TOTP_ISSUER).replaceAll(":", " ");
  const label = input.accountName.replaceAll(":", " ");
  return generateURI({
    issuer,
    label,
    secret: input.secret,
    algorithm: "sha1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** RFC 6238 time step for a moment: floor(unix seconds / 30). */
export function totpStep(now: Date = new Date()): number {
  return Math.floor(epochSeconds(now) / TOTP_PERIOD_SECONDS);
}

/** The code an authenticator shows at `now`. For tests and tooling. */
export function currentTotpCode(secret: string, now: Date = new Date()): string {
  return generateSync({ ...otpOptions(secret), epoch: epochSeconds(now) });
}

/**
 * Checks a code within ±1 step. Returns the matched step, which the caller must store as the new
 * lastAcceptedStep (ideally with a compare-and-set, so two concurrent logins can't both use it).
 * Throws only if `secret` is not valid base32 or lastAcceptedStep is not a non-negative integer:
 * both are programming or data errors, not user input.
 */
export function checkTotpCode(input: TotpCheckInput): TotpCheckResult {
  const code = normalizeCode(input.code);
  if (code === null) return { ok: false, reason: "malformed" };
  const last = checkedLastStep(input.lastAcceptedStep);
  const epoch = epochSeconds(input.now ?? new Date());

  const fresh = matchStep(input.secret, code, epoch, last);
  if (fresh !== null) return { ok: true, step: fresh };
  // Only now look at already-used steps, to tell the user "already used" instead of "wrong".
  if (last !== null && matchStep(input.secret, code, epoch, null) !== null)
    return { ok: false, reason: "replayed" };
  return { ok: false, reason: "invalid" };
}

/** Time step the code matches in the window, skipping steps ≤ afterStep; null if none. */
function matchStep(secret: string, code: string, epoch: number, afterStep: number | null): number | null {
  const maxStep = Math.floor((epoch + TOLERANCE_SECONDS) / TOTP_PERIOD_SECONDS);
  // otplib throws if afterTimeStep is beyond the window; in that case every step is used up.
  if (afterStep !== null && afterStep >= maxStep) return null;
  const result = verifySync({
    ...otpOptions(secret),
    token: code,
    epoch,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

function otpOptions(secret: string) {
  return {
    secret,
    strategy: "totp",
    algorithm: "sha1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  } as const;
}

/** Strips spaces and tabs; returns exactly 6 ASCII digits or null. No regex, bounded work. */
function normalizeCode(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > MAX_CODE_INPUT) return null;
  let digits = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c < 48 || c > 57) return null;
    digits += raw[i];
  }
  return digits.length === TOTP_DIGITS ? digits : null;
}

function checkedLastStep(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError("lastAcceptedStep must be a non-negative integer or null");
  }
  return value;
}

function epochSeconds(now: Date): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new TypeError("now must be a valid Date");
  return Math.floor(ms / 1000);
}
