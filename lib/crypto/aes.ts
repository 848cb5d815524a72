import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM for secrets we must be able to read back (retrievable API keys, TOTP secrets).
// Token format: "v1.<iv>.<tag>.<ciphertext>", each part base64url without padding.
// - A random 96-bit IV per message (the GCM-recommended size); with random IVs one key is good for
//   ~2^32 messages, far beyond what a key-management service stores.
// - The 128-bit tag length is pinned on decrypt; otherwise Node accepts truncated tags.
// - Optional associated data (e.g. the row id) binds a ciphertext to its row: copying it to another
//   row makes decryption fail. The version label is authenticated too.

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
const ENCRYPTION_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const IV_CHARS = 16; // base64url length of 12 bytes
const TAG_CHARS = 22; // base64url length of 16 bytes, unpadded

export type DecryptFailure = "malformed" | "unsupported-version" | "authentication-failed";

const DECRYPT_MESSAGES: Readonly<Record<DecryptFailure, string>> = {
  malformed: "Decryption failed: malformed ciphertext",
  "unsupported-version": "Decryption failed: unsupported ciphertext version",
  "authentication-failed": "Decryption failed: wrong key, wrong associated data, or tampered ciphertext",
};

/**
 * Thrown by decryptString. The message is fixed per reason and never contains the token, the
 * plaintext or the key, so it is safe to log.
 */
export class DecryptError extends Error {
  constructor(readonly reason: DecryptFailure) {
    super(DECRYPT_MESSAGES[reason]);
    this.name = "DecryptError";
  }
}

/** Encrypts UTF-8 text. `aad` must be given again, identically, to decrypt. */
export function encryptString(plain: string, key: Buffer, aad?: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(aad));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${VERSION}.${b64url(iv)}.${b64url(tag)}.${b64url(ciphertext)}`;
}

/** Decrypts a token from encryptString; throws DecryptError on any problem. */
export function decryptString(token: string, key: Buffer, aad?: string): string {
  assertKey(key);
  const { iv, tag, ciphertext } = parseToken(token);
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(aad));
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // OpenSSL's message ("Unsupported state or unable to authenticate data") adds nothing useful.
    throw new DecryptError("authentication-failed");
  }
  return plain.toString("utf8");
}

/** True if the value has the shape of an encryptString token (does not decrypt it). */
export function isEncryptedToken(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    parseToken(value);
    return true;
  } catch {
    return false;
  }
}

function parseToken(token: unknown): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  if (typeof token !== "string") throw new DecryptError("malformed");
  const parts = token.split(".", 5);
  if (parts.length !== 4) throw new DecryptError("malformed");
  const [version, iv, tag, ciphertext] = parts as [string, string, string, string];
  if (version !== VERSION)
    throw new DecryptError(/^v\d+$/.test(version) ? "unsupported-version" : "malformed");
  if (iv.length !== IV_CHARS || tag.length !== TAG_CHARS) throw new DecryptError("malformed");
  if (!isBase64Url(iv) || !isBase64Url(tag) || !isBase64Url(ciphertext)) throw new DecryptError("malformed");
  return {
    iv: Buffer.from(iv, "base64url"),
    tag: Buffer.from(tag, "base64url"),
    ciphertext: Buffer.from(ciphertext, "base64url"),
  };
}

/**
 * Strict check: Buffer.from(…, "base64url") silently skips invalid characters, so a corrupted
 * token could otherwise decode to something. A length ≡ 1 (mod 4) is never valid base64.
 */
function isBase64Url(value: string): boolean {
  if (value.length % 4 === 1) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
    if (!ok) return false;
  }
  return true;
}

function associatedData(aad: string | undefined): Buffer {
  // Version label first, NUL-separated from the caller's data, so neither can be confused for the other.
  return Buffer.from(`keyplane:${VERSION}\0${aad ?? ""}`, "utf8");
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== ENCRYPTION_KEY_BYTES) {
    throw new TypeError(`Encryption key must be a Buffer of ${ENCRYPTION_KEY_BYTES} bytes`);
  }
}

function b64url(bytes: Buffer): string {
  return bytes.toString("base64url");
}

/**
 * Decodes a 32-byte key from configuration: 64 hex characters, or base64 / base64url (43
 * characters, or 44 with one "=" pad). Surrounding whitespace is ignored. The error never echoes
 * the value, because it is a secret.
 */
export function parseEncryptionKey(value: string): Buffer {
  const text = typeof value === "string" ? value.trim() : "";
  if (text.length === 64 && /^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  const unpadded = text.length === 44 && text.endsWith("=") ? text.slice(0, 43) : text;
  if (unpadded.length === 43 && /^[A-Za-z0-9+/_-]{43}$/.test(unpadded)) {
    const key = Buffer.from(unpadded.replace(/\+/g, "-").replace(/\//g, "_"), "base64url");
    if (key.length === ENCRYPTION_KEY_BYTES) return key;
  }
  throw new Error(
    "Encryption key must be 32 bytes, encoded as 64 hex characters or as base64/base64url (43 characters, or 44 ending in '=')",
  );
}
