import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { normalizePassword, passwordPolicyProblem, PASSWORD_POLICY_MESSAGES } from "./password-policy";

// Console user passwords: scrypt (memory-hard) from node:crypto, stored self-describing as
//   scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>
// so the cost can be raised later: needsRehash() tells the login flow to re-hash on success.

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Current cost: N=2^15, r=8, p=1 → 32 MiB and roughly 50–100 ms per hash on a server core. */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const DUMMY_SALT = randomBytes(SALT_BYTES);

// Upper bounds when reading stored hashes, so a corrupted or hostile row cannot make us allocate
// gigabytes or spin for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

/** Hard cap for hash/verify input (UTF-16 units), above the policy so old passwords keep working. */
export const PASSWORD_HASH_MAX_UNITS = 1024;

export const PASSWORD_MESSAGES = {
  notString: "Password must be a string",
  ...PASSWORD_POLICY_MESSAGES,
} as const;

export type PasswordPolicyResult = { ok: true } | { ok: false; message: string };

/** Policy for new passwords (password-policy.ts), for any input. */
export function validatePassword(password: unknown): PasswordPolicyResult {
  if (typeof password !== "string") return { ok: false, message: PASSWORD_MESSAGES.notString };
  const problem = passwordPolicyProblem(password);
  return problem ? { ok: false, message: PASSWORD_MESSAGES[problem] } : { ok: true };
}

/**
 * Hashes with the current parameters and a fresh 128-bit salt. Does not apply the policy (call
 * validatePassword first); throws RangeError above PASSWORD_HASH_MAX_UNITS so verify can match.
 */
export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== "string" || password.length > PASSWORD_HASH_MAX_UNITS) {
    throw new RangeError(`Password must be a string of at most ${PASSWORD_HASH_MAX_UNITS} characters`);
  }
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(normalizePassword(password), salt, HASH_BYTES, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return ["scrypt", N, r, p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Constant-time check. Malformed stored strings and over-long inputs return false, never throw. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed || typeof password !== "string" || password.length > PASSWORD_HASH_MAX_UNITS) return false;
  const actual = await deriveKey(normalizePassword(password), parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * Burns the same time as a real verification and returns false. Call it when the account does
 * not exist (or has no password) so response timing does not reveal which emails are registered.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  const input = typeof password === "string" ? password.slice(0, PASSWORD_HASH_MAX_UNITS) : "";
  await deriveKey(normalizePassword(input), DUMMY_SALT, HASH_BYTES, SCRYPT_PARAMS);
  return false;
}

/** True when the stored hash is unreadable or uses other parameters than SCRYPT_PARAMS. */
export function needsRehash(stored: string): boolean {
  const parsed = parseStoredHash(stored);
  if (!parsed) return true;
  const { N, r, p } = parsed.params;
  return (
    N !== SCRYPT_PARAMS.N ||
    r !== SCRYPT_PARAMS.r ||
    p !== SCRYPT_PARAMS.p ||
    parsed.salt.length !== SALT_BYTES ||
    parsed.hash.length !== HASH_BYTES
  );
}

// ---------------------------------------------------------------------------------------------

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parseStoredHash(stored: unknown): StoredHash | null {
  if (typeof stored !== "string" || stored.length > 512) return null;
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const N = parseIntStrict(parts[1]);
  const r = parseIntStrict(parts[2]);
  const p = parseIntStrict(parts[3]);
  if (!validParams(N, r, p)) return null;
  const salt = decodeBase64Url(parts[4]);
  const hash = decodeBase64Url(parts[5]);
  if (!salt || !hash || salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { params: { N, r, p }, salt, hash };
}

function validParams(N: number, r: number, p: number): boolean {
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  const inRange = powerOfTwo && N <= MAX_N && r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P;
  return inRange && scryptMemory({ N, r, p }) <= MAX_MEMORY_BYTES;
}

function parseIntStrict(text: string | undefined): number {
  return text !== undefined && /^[1-9][0-9]{0,7}$/.test(text) ? Number(text) : -1;
}

function decodeBase64Url(text: string | undefined): Buffer | null {
  if (text === undefined || !/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  return Buffer.from(text, "base64url");
}

/** Bytes scrypt allocates: the V array (128·N·r) plus the B blocks (128·r·p). */
function scryptMemory({ N, r, p }: ScryptParams): number {
  return 128 * N * r + 128 * r * p;
}

function deriveKey(password: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> {
  // Node's default maxmem is 32 MiB, which N=2^15, r=8 needs exactly, and OpenSSL's check adds a
  // little on top, so the default would fail. Set it from the real requirement plus headroom.
  const options: ScryptOptions = { ...params, maxmem: scryptMemory(params) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
