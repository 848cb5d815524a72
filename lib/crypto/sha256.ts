import * as crypto from "node:crypto";

// Hex SHA-256 of a string's UTF-8 bytes: the same value as hashSecret (lib/keys/hash.ts), computed
// with the one-shot crypto.hash where Node has it (20.12+), which skips creating a Hash object and
// is about twice as fast for a 41-byte secret. The bench's baseline server uses this function too,
// so the comparison is between servers, not between hash calls.
type HashFunction = (value: string) => string;

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

export const sha256Hex: HashFunction =
  typeof oneShot === "function"
    ? (value) => oneShot("sha256", value, "hex")
    : (value) => crypto.createHash("sha256").update(value, "utf8").digest("hex");
