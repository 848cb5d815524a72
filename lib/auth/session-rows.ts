import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { RequestMeta } from "@/lib/context";
import { HOUR_MS, MINUTE_MS } from "@/lib/time";

// Session rows, without Next's request APIs (lib/auth/session.ts reads the JWT, Auth.js's sign-out
// event revokes): a session lives until its absolute end (KEYPLANE_SESSION_HOURS), until it is
// revoked, or until it has been idle for KEYPLANE_SESSION_IDLE_MINUTES.

/** lastSeenAt is written at most this often per session, not on every request. */
export const LAST_SEEN_EVERY_MS = MINUTE_MS;

/**
 * The session row with its user when it is still live at `now`, else null; marks it as seen (at
 * most once a minute, with a conditional update, so concurrent requests write it once).
 */
export async function loadLiveSession(sessionId: string, now = new Date()) {
  const idleSince = new Date(now.getTime() - env().KEYPLANE_SESSION_IDLE_MINUTES * MINUTE_MS);
  const db = getDb();
  const row = await db.session.findFirst({
    where: { id: sessionId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: idleSince } },
    include: { user: { include: { _count: { select: { passkeys: true } } } } },
  });
  if (!row || row.user.disabledAt) return null;
  const seenBefore = new Date(now.getTime() - LAST_SEEN_EVERY_MS);
  if (row.lastSeenAt < seenBefore) {
    await db.session.updateMany({
      where: { id: row.id, lastSeenAt: { lt: seenBefore } },
      data: { lastSeenAt: now },
    });
  }
  return row;
}

/** A new session row for a sign-in (password or single sign-on), live for KEYPLANE_SESSION_HOURS. */
export async function createSession(userId: string, meta: RequestMeta): Promise<string> {
  const session = await getDb().session.create({
    data: {
      userId,
      expiresAt: new Date(Date.now() + env().KEYPLANE_SESSION_HOURS * HOUR_MS),
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
  });
  return session.id;
}

export async function revokeSession(sessionId: string): Promise<void> {
  await getDb().session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
