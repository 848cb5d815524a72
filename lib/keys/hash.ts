import { createHash } from "node:crypto";

import { SECRET_PREFIX, isGeneratedSecret } from "@/lib/keys/format";

// Secrets are stored only as SHA-256 (hex) and looked up by that hash. A fast unsalted hash is
// right here: generated secrets carry ~190 bits of entropy, so there is nothing to brute-force, and
// a deterministic hash is what makes the O(1) lookup possible. (Passwords use scrypt instead.)

export const SECRET_HASH_HEX_LENGTH = 64;
const HINT_TAIL_LENGTH = 4;
const ELLIPSIS = "\u2026";

/** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Display hint such as "kp_…a1B2": the prefix and the last 4 characters.
 * For generated keys the tail is checksum, which is derived from the random part; showing it
 * reveals at most ~24 bits about the key, leaving well over 160 bits unknown.
 * Custom secrets have no prefix, so their hint is "…" + last 4.
 */
export function secretHint(secret: string): string {
  const tail = secret.slice(-HINT_TAIL_LENGTH);
  return isGeneratedSecret(secret) ? SECRET_PREFIX + ELLIPSIS + tail : ELLIPSIS + tail;
}
