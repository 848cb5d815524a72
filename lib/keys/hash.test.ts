import { describe, expect, it } from "vitest";

import { generateSecret } from "@/lib/keys/format";
import { SECRET_HASH_HEX_LENGTH, hashSecret, secretHint } from "@/lib/keys/hash";

describe("hashSecret", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["\u00e9", "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"],
  ])("sha256(%j) is the standard digest", (input, expected) => {
    expect(hashSecret(input)).toBe(expected);
  });

  it("is lower-case hex of fixed length and deterministic", () => {
    const secret = generateSecret();
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toHaveLength(SECRET_HASH_HEX_LENGTH);
    expect(hashSecret(secret)).toBe(hash);
    expect(hashSecret(generateSecret())).not.toBe(hash);
  });

  it("does not normalize: composed and decomposed forms are different secrets", () => {
    expect(hashSecret("\u00e9")).not.toBe(hashSecret("e\u0301"));
  });
});

describe("secretHint", () => {
  it("shows the prefix and last 4 characters of a generated key", () => {
    const secret = generateSecret();
    expect(secretHint(secret)).toBe(`kp_\u2026${secret.slice(-4)}`);
  });

  it.each([
    ["Tr0ub4dor&3x!a1B2", "\u2026a1B2"],
    ["kp_not-a-real-key-a1B2", "\u2026a1B2"],
  ])("custom secret %j → %j (no prefix claimed)", (secret, hint) => {
    expect(secretHint(secret)).toBe(hint);
  });

  it("never reveals more than 4 characters of the secret", () => {
    const secret = generateSecret();
    const hint = secretHint(secret);
    expect(hint.replace("kp_\u2026", "")).toHaveLength(4);
  });
});
