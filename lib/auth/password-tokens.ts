import { createHash, randomBytes } from "node:crypto";
import { getDb, type Tx } from "@/lib/db";
import { DAY_MS } from "@/lib/time";

// One-time links that let a person set their password (a new member, before their first sign-in).
// The token is 32 random bytes (base64url) shown once to the owner who added the member; only its
// SHA-256 is stored, so a database read does not yield a usable link. A token works once, for 7
// days, and issuing a new one voids the person's earlier unused tokens.

const SET_PASSWORD_PURPOSE = "set-password";
const SET_PASSWORD_TTL_MS = 7 * DAY_MS;

function hashPasswordToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Issues a fresh set-password token for the user and returns it (the only time it exists in clear). */
export async function issueSetPasswordToken(tx: Tx, userId: string, now = new Date()): Promise<string> {
  await voidPasswordTokens(tx, userId);
  const token = randomBytes(32).toString("base64url");
  await tx.passwordToken.create({
    data: {
      userId,
      tokenHash: hashPasswordToken(token),
      purpose: SET_PASSWORD_PURPOSE,
      expiresAt: new Date(now.getTime() + SET_PASSWORD_TTL_MS),
    },
  });
  return token;
}

/** Deletes the user's unused tokens, so no earlier link works any more. Used ones stay as a record. */
export async function voidPasswordTokens(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx.passwordToken.deleteMany({ where: { userId, usedAt: null } });
  return count;
}

export type UsableToken = { id: string; userId: string; email: string; name: string };

/** The token's row and user when the link can still be used (unused, unexpired, user enabled). */
export async function findUsableToken(token: string, db: Tx = getDb()): Promise<UsableToken | null> {
  const row = await db.passwordToken.findFirst({
    where: {
      tokenHash: hashPasswordToken(token),
      purpose: SET_PASSWORD_PURPOSE,
      usedAt: null,
      expiresAt: { gt: new Date() },
      user: { disabledAt: null },
    },
    select: { id: true, userId: true, user: { select: { email: true, name: true } } },
  });
  return row ? { id: row.id, userId: row.userId, email: row.user.email, name: row.user.name } : null;
}
