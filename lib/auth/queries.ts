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
