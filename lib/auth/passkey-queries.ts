import { getDb } from "@/lib/db";

/** The user's passkeys for the security page: never the key material. */
export async function listPasskeys(userId: string) {
  return getDb().passkey.findMany({
    where: { userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "asc" },
  });
}
