import { randomBytes } from "node:crypto";

// Generated secret layout: "kp_" + 32 base62 random chars + 6 base62 chars of CRC32(random part).
//   32 base62 chars = 32 * log2(62) ≈ 190.5 bits of randomness (design floor: 160).
//   62^6 ≈ 5.7e10 > 2^32, so any CRC32 fits in 6 fixed-width base62 digits.
// The checksum lets scanners (and our own verify path) reject typos and noise without a database.
// CRC32 detects every single-character substitution in the random part (any error burst ≤ 32 bits),
// and the fixed-width encoding is injective, so a substitution inside the checksum is caught too.

export const SECRET_PREFIX = "kp_";
export const SECRET_RANDOM_LENGTH = 32;
export const SECRET_CHECKSUM_LENGTH = 6;
export const SECRET_LENGTH = SECRET_PREFIX.length + SECRET_RANDOM_LENGTH + SECRET_CHECKSUM_LENGTH;
export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Bounds for user-supplied (custom) secrets; shared with custom-secret.ts and looksLikeSecret. */
export const CUSTOM_SECRET_MIN_LENGTH = 12;
export const CUSTOM_SECRET_MAX_LENGTH = 256;

const PREFIX_LENGTH = SECRET_PREFIX.length;
const CHECKSUM_START = PREFIX_LENGTH + SECRET_RANDOM_LENGTH;

// Largest multiple of 62 that fits in a byte: bytes ≥ 248 are discarded so `byte % 62` is uniform.
const REJECTION_LIMIT = 256 - (256 % 62);

/** A fresh `kp_` secret. Show it once; store only hashSecret(secret). */
export function generateSecret(): string {
  const body = randomBase62(SECRET_RANDOM_LENGTH);
  return SECRET_PREFIX + body + encodeChecksum(crc32Range(body, 0, body.length));
}

/** Uniform random base62 string from the CSPRNG, using rejection sampling (no modulo bias). */
export function randomBase62(length: number): string {
  if (!Number.isSafeInteger(length) || length < 0)
    throw new RangeError("length must be a non-negative integer");
  let out = "";
  while (out.length < length) {
    // ~3% of bytes are rejected; ask for a little extra so one batch nearly always suffices.
    const batch = randomBytes(Math.ceil((length - out.length) * 1.1) + 4);
    for (const byte of batch) {
      if (out.length >= length) break;
      if (byte < REJECTION_LIMIT) out += BASE62_ALPHABET[byte % 62];
    }
  }
  return out;
}

/**
 * True when `value` is a well-formed generated secret with a valid checksum.
 * Hot path, hostile input: O(1) length check first, then a charset scan, then the checksum;
 * no regex and no allocation.
 */
export function isGeneratedSecret(value: unknown): boolean {
  if (typeof value !== "string" || value.length !== SECRET_LENGTH) return false;
  if (!value.startsWith(SECRET_PREFIX)) return false;
  for (let i = PREFIX_LENGTH; i < SECRET_LENGTH; i++) {
    if (base62Value(value.charCodeAt(i)) < 0) return false;
  }
  return checksumMatches(value, crc32Range(value, PREFIX_LENGTH, CHECKSUM_START));
}

/**
 * Cheap pre-filter for the verify endpoint, before hashing and the database lookup.
 * Accepts a valid generated secret, or a plausible custom secret (12–256 printable ASCII, no spaces).
 * Anything starting with "kp_" must be a valid generated secret: custom secrets may not use the
 * reserved prefix (see custom-secret.ts), so a mistyped generated key is rejected here.
 */
export function looksLikeSecret(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (value.length < CUSTOM_SECRET_MIN_LENGTH || value.length > CUSTOM_SECRET_MAX_LENGTH) return false;
  if (value.startsWith(SECRET_PREFIX)) return isGeneratedSecret(value);
  return isPrintableAsciiWithoutSpace(value);
}

/** Every UTF-16 unit is in 0x21..0x7E (visible ASCII): no spaces, controls, NUL or non-ASCII. */
export function isPrintableAsciiWithoutSpace(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/** Index of a char code in BASE62_ALPHABET, or -1. Arithmetic instead of indexOf to stay O(1). */
function base62Value(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A-Z
  if (code >= 97 && code <= 122) return code - 61; // a-z
  return -1;
}

/** Compares the trailing checksum chars of `value` with `crc`, least significant digit last. */
function checksumMatches(value: string, crc: number): boolean {
  let rest = crc;
  for (let i = SECRET_LENGTH - 1; i >= CHECKSUM_START; i--) {
    if (base62Value(value.charCodeAt(i)) !== rest % 62) return false;
    rest = Math.floor(rest / 62);
  }
  return rest === 0;
}

function encodeChecksum(crc: number): string {
  let out = "";
  let rest = crc;
  for (let i = 0; i < SECRET_CHECKSUM_LENGTH; i++) {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

// Standard CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), same values as zlib.crc32.
// Implemented here because zlib.crc32 only exists from Node 20.15 / 22.2 and we support 20.9+.
const CRC_TABLE = buildCrcTable();

function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC32 over the char codes of value[start, end). Callers guarantee those chars are ASCII. */
function crc32Range(value: string, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) {
    // The table has 256 entries and the index is masked to 0..255, so the lookup is always defined.
    crc = (CRC_TABLE[(crc ^ value.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Exposed for tests and tooling (e.g. a scanner); computes CRC32 of an ASCII string. */
export function crc32Ascii(value: string): number {
  return crc32Range(value, 0, value.length);
}

/**
 * Every generated secret in `text` (a log, a config file, a paste), each once, in order of first
 * appearance: `kp_` followed by the random part and a checksum that matches, not run on from or
 * into other letters or digits. Text that merely looks like a secret fails the checksum.
 */
export function findGeneratedSecrets(text: string): string[] {
  const found = new Set<string>();
  let at = text.indexOf(SECRET_PREFIX);
  while (at !== -1) {
    const candidate = text.slice(at, at + SECRET_LENGTH);
    const before = at > 0 ? text.charCodeAt(at - 1) : -1;
    const after = at + SECRET_LENGTH < text.length ? text.charCodeAt(at + SECRET_LENGTH) : -1;
    if (base62Value(before) < 0 && base62Value(after) < 0 && isGeneratedSecret(candidate))
      found.add(candidate);
    at = text.indexOf(SECRET_PREFIX, at + 1);
  }
  return [...found];
}
