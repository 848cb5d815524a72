import { getDb } from "@/lib/db";

/** When the user turned on their authenticator app, or null when they have none. */
export async function totpEnabledAt(userId: string): Promise<Date | null> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  return row?.totpEnabledAt ?? null;
}

/** How many of the user's recovery codes are still unused. */
export async function unusedRecoveryCodeCount(userId: string): Promise<number> {
  return getDb().recoveryCode.count({ where: { userId, usedAt: null } });
}

/** Whether the user has a password here (an account made by single sign-on has none). */
export async function hasPassword(userId: string): Promise<boolean> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(row?.passwordHash);
}
