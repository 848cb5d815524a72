import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";

import {
  PASSWORD_HASH_MAX_UNITS,
  PASSWORD_MESSAGES as M,
  SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  validatePassword,
  verifyDummyPassword,
  verifyPassword,
} from "@/lib/auth/password";

// Each scrypt call at N=2^15 takes ~0.1-0.2 s; keep the number of hashes small.
const SLOW = { timeout: 30_000 };

function legacyHash(password: string, N: number): string {
  const salt = Buffer.alloc(16, 7);
  const hash = scryptSync(password, salt, 32, { N, r: 8, p: 1 });
  return `scrypt$${N}$8$1$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

describe("hashPassword / verifyPassword", SLOW, () => {
  it("produces a self-describing string and verifies it", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });

  it("refuses a wrong password", async () => {
    const stored = await hashPassword("correct horse battery");
    for (const wrong of ["correct horse batterY", "correct horse battery ", "", "correct horse"]) {
      expect(await verifyPassword(wrong, stored)).toBe(false);
    }
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
  });

  it("treats canonically equivalent Unicode as the same password (NFKC)", async () => {
    const stored = await hashPassword("caf\u00e9-passw0rd");
    expect(await verifyPassword("cafe\u0301-passw0rd", stored)).toBe(true);
  });

  it("verifies hashes made with other parameters, and flags them for rehash", async () => {
    const stored = legacyHash("old password 1", 2 ** 14);
    expect(await verifyPassword("old password 1", stored)).toBe(true);
    expect(await verifyPassword("old password 2", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });

  it("refuses to hash absurdly long input, and verify returns false for it", async () => {
    await expect(hashPassword("x".repeat(PASSWORD_HASH_MAX_UNITS + 1))).rejects.toThrow(RangeError);
    const stored = legacyHash("x", 2 ** 10);
    expect(await verifyPassword("x".repeat(1_000_000), stored)).toBe(false);
  });

  it("verifyDummyPassword burns the time and always returns false", async () => {
    expect(await verifyDummyPassword("anything at all")).toBe(false);
    expect(await verifyDummyPassword("x".repeat(100_000))).toBe(false);
  });
});

describe("malformed or hostile stored hashes", () => {
  const salt = Buffer.alloc(16, 1).toString("base64url");
  const hash = Buffer.alloc(32, 2).toString("base64url");

  it.each([
    ["empty", ""],
    ["bcrypt", "$2b$12$abcdefghijklmnopqrstuuNRSUF6bBGkDxdVXkJ3yYEOLvrZ2uJ2"],
    ["plain text", "hunter2"],
    ["missing part", `scrypt$32768$8$1$${salt}`],
    ["extra part", `scrypt$32768$8$1$${salt}$${hash}$x`],
    ["other algorithm", `argon2$32768$8$1$${salt}$${hash}`],
    ["N not a power of two", `scrypt$30000$8$1$${salt}$${hash}`],
    ["N = 1", `scrypt$1$8$1$${salt}$${hash}`],
    ["huge N (memory bomb)", `scrypt$1073741824$8$1$${salt}$${hash}`],
    ["huge r", `scrypt$32768$4096$1$${salt}$${hash}`],
    ["memory over 256 MiB", `scrypt$1048576$8$1$${salt}$${hash}`],
    ["huge p", `scrypt$32768$8$1000$${salt}$${hash}`],
    ["zero r", `scrypt$32768$0$1$${salt}$${hash}`],
    ["leading zero", `scrypt$032768$8$1$${salt}$${hash}`],
    ["negative", `scrypt$-32768$8$1$${salt}$${hash}`],
    ["bad salt chars", `scrypt$32768$8$1$sa+lt/==$${hash}`],
    ["empty hash", `scrypt$32768$8$1$${salt}$`],
    ["short hash", `scrypt$32768$8$1$${salt}$${Buffer.alloc(8).toString("base64url")}`],
    ["10 KB", "scrypt$" + "A".repeat(10_240)],
  ])("%s → verify false, needsRehash true (refused before any hashing)", async (_label, stored) => {
    // "huge p" would run scrypt for minutes and time the test out if it were not refused first.
    expect(await verifyPassword("correct horse battery", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });
});

describe("validatePassword", () => {
  it.each([
    ["exactly 10", "abcdefghij"],
    ["exactly 200", "a".repeat(200)],
    ["a passphrase with spaces", "correct horse battery staple"],
    ["200 emoji (one character each)", "\u{1F511}".repeat(200)],
    ["10 accented letters, decomposed", "e\u0301".repeat(10)],
  ])("accepts %s", (_label, password) => {
    expect(validatePassword(password)).toEqual({ ok: true });
  });

  it.each<[string, unknown, string]>([
    ["a number", 1234567890, M.notString],
    ["undefined", undefined, M.notString],
    ["empty", "", M.tooShort],
    ["9 chars", "abcdefghi", M.tooShort],
    ["9 emoji (18 UTF-16 units)", "\u{1F511}".repeat(9), M.tooShort],
    ["201 chars", "a".repeat(201), M.tooLong],
    ["201 emoji", "\u{1F511}".repeat(201), M.tooLong],
    ["10 KB", "a".repeat(10_240), M.tooLong],
  ])("refuses %s", (_label, password, message) => {
    expect(validatePassword(password)).toEqual({ ok: false, message });
  });

  it("has UI-ready messages", () => {
    expect(M.tooShort).toBe("Password must be at least 10 characters");
    expect(M.tooLong).toBe("Password must be at most 200 characters");
  });
});
