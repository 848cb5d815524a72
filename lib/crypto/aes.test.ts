import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

import {
  DecryptError,
  decryptString,
  encryptString,
  isEncryptedToken,
  parseEncryptionKey,
  type DecryptFailure,
} from "@/lib/crypto/aes";

const KEY = randomBytes(32);
const OTHER_KEY = randomBytes(32);
const TOKEN_SHAPE = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

function expectDecryptError(run: () => unknown, reason: DecryptFailure): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DecryptError);
  expect((caught as DecryptError).reason).toBe(reason);
}

/** Flips one bit in one base64url part of the token (re-encoding keeps the token well-formed). */
function flipBit(token: string, part: 1 | 2 | 3, byte = 0): string {
  const parts = token.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[byte] = bytes[byte]! ^ 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("encryptString / decryptString", () => {
  it.each([
    ["an API key", "kp_0123456789abcdefghijABCDEFGHIJ012345"],
    ["a TOTP secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"],
    ["empty", ""],
    ["Unicode", "pässwörd \u{1F511} 秘密"],
    ["NUL bytes", "a\0b\0c"],
    ["64 KB", "x".repeat(65_536)],
  ])("round-trips %s", (_label, plain) => {
    const token = encryptString(plain, KEY);
    expect(token).toMatch(TOKEN_SHAPE);
    expect(decryptString(token, KEY)).toBe(plain);
  });

  it("round-trips with associated data", () => {
    const token = encryptString("secret", KEY, "key_123");
    expect(decryptString(token, KEY, "key_123")).toBe("secret");
  });

  it("uses a fresh IV every time", () => {
    const a = encryptString("same", KEY);
    const b = encryptString("same", KEY);
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it("does not contain the plaintext", () => {
    const token = encryptString("super-secret-value", KEY);
    expect(token).not.toContain("super-secret-value");
    expect(token).not.toContain(Buffer.from("super-secret-value").toString("base64url"));
  });
});

describe("decryptString refusals", () => {
  const token = encryptString("kp_the-original-secret", KEY, "key_1");

  it.each([
    ["the IV", 1],
    ["the tag", 2],
    ["the ciphertext", 3],
  ] as const)("a flipped bit in %s → authentication-failed", (_label, part) => {
    expectDecryptError(() => decryptString(flipBit(token, part), KEY, "key_1"), "authentication-failed");
  });

  it("every single-bit flip of the ciphertext is detected", () => {
    const bytes = Buffer.from(token.split(".")[3]!, "base64url").length;
    for (let byte = 0; byte < bytes; byte++) {
      expectDecryptError(() => decryptString(flipBit(token, 3, byte), KEY, "key_1"), "authentication-failed");
    }
  });

  it.each<[string, string | undefined]>([
    ["another row's id", "key_2"],
    ["missing associated data", undefined],
    ["empty associated data", ""],
    ["a prefix of the id", "key_"],
  ])("wrong associated data (%s) → authentication-failed", (_label, aad) => {
    expectDecryptError(() => decryptString(token, KEY, aad), "authentication-failed");
  });

  it("wrong key → authentication-failed", () => {
    expectDecryptError(() => decryptString(token, OTHER_KEY, "key_1"), "authentication-failed");
  });

  it("associated data given only when decrypting → authentication-failed", () => {
    const plain = encryptString("x", KEY);
    expectDecryptError(() => decryptString(plain, KEY, "key_1"), "authentication-failed");
  });

  const [, iv, tag, ct] = token.split(".") as [string, string, string, string];

  it.each<[string, unknown, DecryptFailure]>([
    ["empty string", "", "malformed"],
    ["junk", "not a token", "malformed"],
    ["10 KB junk", "v1.".repeat(3000), "malformed"],
    ["three parts", `v1.${iv}.${tag}`, "malformed"],
    ["five parts", `${token}.x`, "malformed"],
    ["missing version", `.${iv}.${tag}.${ct}`, "malformed"],
    ["unknown version", `v2.${iv}.${tag}.${ct}`, "unsupported-version"],
    ["version with junk", `v1x.${iv}.${tag}.${ct}`, "malformed"],
    ["short IV", `v1.${iv.slice(1)}.${tag}.${ct}`, "malformed"],
    ["truncated tag (Node would otherwise accept it)", `v1.${iv}.${tag.slice(0, 16)}.${ct}`, "malformed"],
    ["padded base64", `v1.${iv}.${tag}==.${ct}`, "malformed"],
    ["standard base64 chars", `v1.${iv}.${tag}.${ct}+/`, "malformed"],
    ["NUL in ciphertext", `v1.${iv}.${tag}.${ct}\0`, "malformed"],
    ["Unicode in IV", `v1.${"\u00e9".repeat(16)}.${tag}.${ct}`, "malformed"],
    ["impossible base64 length (1 mod 4)", `v1.${iv}.${tag}.AAAAA`, "malformed"],
    ["a number", 42, "malformed"],
  ])("%s → %s", (_label, bad, reason) => {
    expectDecryptError(() => decryptString(bad as string, KEY, "key_1"), reason);
  });

  it("error messages never leak the token, plaintext or key", () => {
    for (const bad of [flipBit(token, 3), `v9.${iv}.${tag}.${ct}`, "junk"]) {
      try {
        decryptString(bad, KEY, "key_1");
      } catch (error) {
        const text = `${String(error)} ${(error as Error).stack ?? ""}`;
        expect(text).not.toContain(ct);
        expect(text).not.toContain("the-original-secret");
        expect(text).not.toContain(KEY.toString("base64"));
        expect(text).not.toContain(KEY.toString("hex"));
      }
    }
  });
});

describe("key handling", () => {
  it.each([0, 16, 31, 33, 64])("refuses a %i-byte key", (length) => {
    const key = Buffer.alloc(length, 1);
    expect(() => encryptString("x", key)).toThrow("Encryption key must be a Buffer of 32 bytes");
    expect(() => decryptString(encryptString("x", KEY), key)).toThrow(
      "Encryption key must be a Buffer of 32 bytes",
    );
  });
});

describe("isEncryptedToken", () => {
  it("recognises the shape without decrypting", () => {
    expect(isEncryptedToken(encryptString("x", KEY))).toBe(true);
    expect(isEncryptedToken("JBSWY3DPEHPK3PXP")).toBe(false);
    expect(isEncryptedToken(null)).toBe(false);
  });
});

describe("parseEncryptionKey", () => {
  const raw = randomBytes(32);

  it.each([
    ["hex", raw.toString("hex")],
    ["upper-case hex", raw.toString("hex").toUpperCase()],
    ["base64 with padding", raw.toString("base64")],
    ["base64 without padding", raw.toString("base64").replace(/=$/, "")],
    ["base64url", raw.toString("base64url")],
    ["surrounded by whitespace", `  ${raw.toString("base64")}\n`],
  ])("accepts %s", (_label, text) => {
    expect(parseEncryptionKey(text).equals(raw)).toBe(true);
  });

  it("decodes base64 containing + and / correctly", () => {
    const tricky = Buffer.alloc(32, 0xfb); // encodes to "+/v7…" style characters
    expect(tricky.toString("base64")).toMatch(/[+/]/);
    expect(parseEncryptionKey(tricky.toString("base64")).equals(tricky)).toBe(true);
  });

  const message =
    "Encryption key must be 32 bytes, encoded as 64 hex characters or as base64/base64url (43 characters, or 44 ending in '=')";

  it.each([
    ["empty", ""],
    ["a passphrase", "correct horse battery staple"],
    ["31 bytes hex", randomBytes(31).toString("hex")],
    ["33 bytes hex", randomBytes(33).toString("hex")],
    ["16 bytes base64", randomBytes(16).toString("base64")],
    ["48 bytes base64", randomBytes(48).toString("base64")],
    ["non-hex 64 chars", "g".repeat(64)],
    [
      "base64 with a space inside",
      `${raw.toString("base64").slice(0, 20)} ${raw.toString("base64").slice(21)}`,
    ],
    ["two pads", `${raw.toString("base64").slice(0, 42)}==`],
    ["10 KB junk", "A".repeat(10_240)],
    ["NUL", "\0".repeat(44)],
  ])("refuses %s with a message that does not echo the value", (_label, text) => {
    let caught: unknown;
    try {
      parseEncryptionKey(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe(message);
  });
});
