import { describe, expect, it } from "vitest";
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
} from "./recovery-codes";

describe("recovery codes", () => {
  it("makes ten distinct codes of four groups of four base32 characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it("reads what people type: case, spaces and dashes do not matter; I, L and O read as 1, 1 and 0", () => {
    expect(normalizeRecoveryCode("abcd-efgh-jkmn-pqrs")).toBe("ABCDEFGHJKMNPQRS");
    expect(normalizeRecoveryCode(" ABCD EFGH JKMN PQRS ")).toBe("ABCDEFGHJKMNPQRS");
    expect(normalizeRecoveryCode("IOLX-0000-0000-0000")).toBe("101X000000000000");
  });

  it("refuses what cannot be a recovery code", () => {
    expect(normalizeRecoveryCode("123456")).toBeNull();
    expect(normalizeRecoveryCode("ABCD-EFGH-JKMN-PQR")).toBeNull();
    expect(normalizeRecoveryCode("ABCD-EFGH-JKMN-PQRU")).toBeNull();
    expect(normalizeRecoveryCode("ABCD-EFGH-JKMN-PQRS-")).toBe("ABCDEFGHJKMNPQRS");
    expect(normalizeRecoveryCode(`${"A".repeat(16)}${" ".repeat(40)}`)).toBeNull();
  });

  it("hashes per user: the same code gives another digest for another account, and no code text", () => {
    const a = hashRecoveryCode("user-a", "ABCDEFGHJKMNPQRS");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode("user-a", "ABCDEFGHJKMNPQRS")).toBe(a);
    expect(hashRecoveryCode("user-b", "ABCDEFGHJKMNPQRS")).not.toBe(a);
    expect(hashRecoveryCode("user-a", "ABCDEFGHJKMNPQRT")).not.toBe(a);
  });
});
