import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";

import {
  BASE62_ALPHABET,
  SECRET_CHECKSUM_LENGTH,
  SECRET_LENGTH,
  SECRET_PREFIX,
  SECRET_RANDOM_LENGTH,
  crc32Ascii,
  findGeneratedSecrets,
  generateSecret,
  isGeneratedSecret,
  isPrintableAsciiWithoutSpace,
  looksLikeSecret,
  randomBase62,
} from "@/lib/keys/format";

const SAMPLES = Array.from({ length: 5 }, () => generateSecret());
const SAMPLE = SAMPLES[0]!;

function substitute(value: string, index: number, char: string): string {
  return value.slice(0, index) + char + value.slice(index + 1);
}

describe("generateSecret", () => {
  it("has the documented layout: kp_ + 32 base62 + 6 base62 checksum", () => {
    expect(SECRET_LENGTH).toBe(41);
    for (const secret of SAMPLES) {
      expect(secret).toHaveLength(SECRET_LENGTH);
      expect(secret.startsWith(SECRET_PREFIX)).toBe(true);
      expect(secret.slice(3)).toMatch(/^[0-9A-Za-z]{38}$/);
      expect(isGeneratedSecret(secret)).toBe(true);
    }
  });

  it("carries at least 160 bits of randomness", () => {
    expect(SECRET_RANDOM_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(160);
  });

  it("encodes CRC32 of the random part as 6 fixed-width base62 digits", () => {
    for (const secret of SAMPLES) {
      const body = secret.slice(3, 3 + SECRET_RANDOM_LENGTH);
      let crc = 0;
      for (const char of secret.slice(-SECRET_CHECKSUM_LENGTH))
        crc = crc * 62 + BASE62_ALPHABET.indexOf(char);
      expect(crc).toBe(crc32Ascii(body));
    }
  });

  it("never repeats", () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateSecret()));
    expect(seen.size).toBe(2000);
  });
});

describe("crc32Ascii", () => {
  it.each([
    ["", 0],
    ["123456789", 0xcbf43926], // the standard CRC-32 check value
    ["The quick brown fox jumps over the lazy dog", 0x414fa339],
  ])("crc32(%j) = %i", (input, expected) => {
    expect(crc32Ascii(input)).toBe(expected);
  });

  it("matches zlib.crc32 when the runtime has it", () => {
    const native = (zlib as { crc32?: (data: string) => number }).crc32;
    if (typeof native !== "function") return;
    for (const secret of SAMPLES) expect(crc32Ascii(secret)).toBe(native(secret));
  });
});

describe("randomBase62", () => {
  it("returns exactly the requested length", () => {
    expect(randomBase62(0)).toBe("");
    expect(randomBase62(1)).toHaveLength(1);
    expect(randomBase62(1000)).toHaveLength(1000);
  });

  it.each([-1, 1.5, Number.NaN])("rejects length %s", (length) => {
    expect(() => randomBase62(length)).toThrow(RangeError);
  });

  it("is uniform over 20k chars: every char appears, chi-square is sane, no modulo bias", () => {
    const total = 20_000;
    const counts = new Map<string, number>();
    for (const char of randomBase62(total)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);

    const expected = total / 62;
    let chiSquare = 0;
    for (const char of BASE62_ALPHABET) chiSquare += ((counts.get(char) ?? 0) - expected) ** 2 / expected;
    // 61 degrees of freedom: mean 61, sd ≈ 11. 150 is ~8 sd out; a modulo-biased generator
    // (chars 0-7 at 5/256 instead of 4/256) scores in the hundreds.
    expect(chiSquare).toBeLessThan(150);

    // The chars a naive `byte % 62` would favour are 0-7; they must not be over-represented.
    const favoured = [..."01234567"].reduce((sum, char) => sum + (counts.get(char) ?? 0), 0) / 8;
    expect(favoured / expected).toBeGreaterThan(0.85);
    expect(favoured / expected).toBeLessThan(1.15);
  });
});

describe("isGeneratedSecret checksum", () => {
  const replacements = [...BASE62_ALPHABET, "_", "-", " ", "\0", "é", "\u{1F600}".charAt(0), "+", "/"];

  it("catches every single-character substitution of sample keys", () => {
    let checked = 0;
    for (const secret of SAMPLES) {
      for (let index = 0; index < secret.length; index++) {
        for (const char of replacements) {
          if (secret[index] === char) continue;
          const mutated = substitute(secret, index, char);
          if (isGeneratedSecret(mutated)) throw new Error(`undetected: ${index} -> ${JSON.stringify(char)}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5 * 41 * 60);
  });

  it("catches every adjacent transposition inside the random part", () => {
    for (const secret of SAMPLES) {
      for (let index = 3; index < 3 + SECRET_RANDOM_LENGTH - 1; index++) {
        const a = secret[index]!;
        const b = secret[index + 1]!;
        if (a === b) continue;
        const swapped = secret.slice(0, index) + b + a + secret.slice(index + 2);
        expect(isGeneratedSecret(swapped)).toBe(false);
      }
    }
  });
});

const HOSTILE: [string, unknown][] = [
  ["empty", ""],
  ["prefix only", "kp_"],
  ["10 KB junk", "x".repeat(10_240)],
  ["10 KB starting with a real key", SAMPLE + "A".repeat(10_240)],
  ["10 KB of NULs", "\0".repeat(10_240)],
  ["key with NUL appended", SAMPLE + "\0"],
  ["key with a NUL inside (right length)", substitute(SAMPLE, 20, "\0")],
  ["key truncated by one", SAMPLE.slice(0, -1)],
  ["key with a trailing space", SAMPLE + " "],
  ["key with a trailing newline", SAMPLE + "\n"],
  ["full-width digit (right length)", substitute(SAMPLE, 10, "\uFF11")],
  ["emoji surrogate pair (wrong length)", SAMPLE.slice(0, 39) + "\u{1F600}"],
  ["null", null],
  ["undefined", undefined],
  ["number", 12345678901234],
  ["object", { toString: () => SAMPLE }],
  ["array", [SAMPLE]],
];

describe("hostile input", () => {
  it.each(HOSTILE)("isGeneratedSecret rejects %s", (_label, value) => {
    expect(isGeneratedSecret(value)).toBe(false);
  });

  it.each(HOSTILE)("looksLikeSecret rejects %s", (_label, value) => {
    expect(looksLikeSecret(value)).toBe(false);
  });

  it("isGeneratedSecret rejects an upper-case prefix (looksLikeSecret may treat it as custom)", () => {
    expect(isGeneratedSecret("KP_" + SAMPLE.slice(3))).toBe(false);
  });

  it("refuses 10 KB junk (length is checked first)", () => {
    const junk = "kp_" + "a".repeat(10_240);
    expect(isGeneratedSecret(junk)).toBe(false);
    expect(looksLikeSecret(junk)).toBe(false);
  });
});

describe("looksLikeSecret", () => {
  it.each([
    ["a generated key", SAMPLE, true],
    ["a custom secret", "Tr0ub4dor&3x!", true],
    ["a 12-char custom secret", "abcdefghijk1", true],
    ["a 256-char custom secret", "A".repeat(256), true],
    ["all symbols", "!@#$%^&*()-=+[]", true],
    ["11 chars", "abcdefghij1", false],
    ["257 chars", "A".repeat(257), false],
    ["inner space", "correct horse battery", false],
    ["tab", "abcdef\tghijkl", false],
    ["DEL (0x7f)", "abcdefghijkl\x7f", false],
    ["non-ASCII", "pässwörd-secret", false],
    ["a mistyped generated key", substitute(SAMPLE, 12, SAMPLE[12] === "a" ? "b" : "a"), false],
    ["kp_ + arbitrary text", "kp_my-own-custom-secret", false],
  ])("%s → %s", (_label, value, expected) => {
    expect(looksLikeSecret(value)).toBe(expected);
  });
});

describe("isPrintableAsciiWithoutSpace", () => {
  it.each([
    ["!~", true],
    ["", true],
    ["a b", false],
    ["a\0b", false],
    ["ab\u00A0", false],
  ])("%j → %s", (value, expected) => {
    expect(isPrintableAsciiWithoutSpace(value)).toBe(expected);
  });
});

describe("findGeneratedSecrets", () => {
  it("finds each secret in text once, in order, by prefix and checksum", () => {
    const [a, b] = SAMPLES as [string, string];
    const text = `KEYPLANE_KEY=${a}\nAuthorization: Bearer ${b}\n"${a}" again`;
    expect(findGeneratedSecrets(text)).toEqual([a, b]);
  });

  it("skips look-alikes: a wrong checksum, a cut-off secret, one run on into other characters", () => {
    const typo = substitute(SAMPLE, 10, SAMPLE[10] === "A" ? "B" : "A");
    const text = [typo, SAMPLE.slice(0, -1), `${SAMPLE}x`, `x${SAMPLE}`, "kp_", ""].join(" ");
    expect(findGeneratedSecrets(text)).toEqual([]);
  });
});
