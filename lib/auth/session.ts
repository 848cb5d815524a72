import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "./auth";
import { loadLiveSession } from "./session-rows";

export type SessionUser = {
  sessionId: string;
  id: string;
  email: string;
  name: string;
  totpEnabled: boolean;
  /** Has at least one passkey (lib/auth/passkeys.ts): a second factor like the authenticator app. */
  passkeyEnabled: boolean;
  activeOrganizationId: string | null;
};

/**
 * The signed-in user of this request, or null. The JWT alone is not trusted: its Session row must
 * still exist, be unexpired, unrevoked and not idle, and its user enabled; so sign-out, removal and
 * a password change take effect on the very next request, even in an open tab.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const jwtSession = await auth();
  const sid = jwtSession && "sid" in jwtSession ? jwtSession.sid : undefined;
  if (typeof sid !== "string") return null;
  const row = await loadLiveSession(sid);
  if (!row) return null;
  return {
    sessionId: row.id,
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    totpEnabled: row.user.totpEnabledAt !== null,
    passkeyEnabled: row.user._count.passkeys > 0,
    activeOrganizationId: row.activeOrganizationId,
  };
});

export async function requireSessionUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return user;
}
