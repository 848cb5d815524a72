import { createHash, randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";

// Recovery codes: ten one-time codes that stand in for the authenticator at sign-in and for
// removing it, for the day the phone is lost (README, "Security model"). Each holds 80 random bits
// (16 characters of Crockford's base32), so a SHA-256 digest is a safe way to store it: nothing
// short of guessing 2^80 values finds a code from its digest. The digest names the user, so the
// same text could never match another account's row.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 16;
const GROUP = 4;
/** Anything longer is not a recovery code with stray spaces or dashes; don't bother reading it. */
const MAX_INPUT = 40;

/** A new set of codes, formatted for people ("ABCD-EFGH-JKMN-PQRS"). Shown once, then only hashed. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let raw = "";
    for (let i = 0; i < CODE_LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
    return raw.match(new RegExp(`.{${GROUP}}`, "g"))?.join("-") ?? raw;
  });
}

/**
 * What a person typed, reduced to the 16 code characters: case, spaces and dashes do not matter,
 * and the letters Crockford's base32 leaves out for looking like digits (I, L, O) read as 1, 1, 0.
 * Null when it cannot be a recovery code.
 */
export function normalizeRecoveryCode(input: string): string | null {
  if (input.length > MAX_INPUT) return null;
  const compact = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (compact.length !== CODE_LENGTH) return null;
  for (const c of compact) if (!ALPHABET.includes(c)) return null;
  return compact;
}

export function hashRecoveryCode(userId: string, normalized: string): string {
  return createHash("sha256").update(`keyplane-recovery-code:v1:${userId}:${normalized}`).digest("hex");
}

/** Replaces every code of the user with a new set; returns the codes to show once. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({
      userId,
      codeHash: hashRecoveryCode(userId, normalizeRecoveryCode(code) ?? code),
    })),
  });
  return codes;
}

/**
 * Uses up one code: a single conditional UPDATE, so of two requests carrying the same code (on
 * SQLite or PostgreSQL) exactly one sees count 1. False when the code is unknown or already used.
 */
export async function consumeRecoveryCode(tx: Tx, userId: string, input: string): Promise<boolean> {
  const normalized = normalizeRecoveryCode(input);
  if (normalized === null) return false;
  const { count } = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(userId, normalized), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

export async function countUnusedRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  return tx.recoveryCode.count({ where: { userId, usedAt: null } });
}
