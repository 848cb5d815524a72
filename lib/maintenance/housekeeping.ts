import { getDb, type Db } from "@/lib/db";
import { DAY_MS } from "@/lib/time";
import { everyHour } from "./hourly";

// Rows that only grow unless something removes them: console sessions (one per sign-in),
// throttling counters (one per account and address tried), Idempotency-Key answers (kept 24 h)
// hourly usage counts (one per key and hour it was used), webhook events with their delivery logs
// long-expired invitations and passkey challenges nobody answered (lib/auth/webauthn.ts). The server sweeps them at start
// and then every hour; several instances sweeping at once is harmless (each delete is idempotent).
// Audit entries are never touched: the log is append-only.

export const USAGE_RETENTION_DAYS = 400;
/** Webhook events (and their delivery logs) are kept this long, unless a delivery is still pending. */
export const WEBHOOK_EVENT_RETENTION_DAYS = 30;
/** Invitations are kept this long past their expiry (answered or not); the audit log keeps their story. */
export const INVITATION_RETENTION_DAYS = 30;

export type HousekeepingResult = {
  sessions: number;
  rateLimits: number;
  idempotency: number;
  usage: number;
  webhookEvents: number;
  invitations: number;
  passkeyChallenges: number;
};

export async function runHousekeeping(db: Db = getDb(), now = new Date()): Promise<HousekeepingResult> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [sessions, rateLimits, idempotency] = await Promise.all([
    // An expired or revoked session no longer signs anyone in; a day's grace keeps the row
    // for the "sessions" list of whoever looks right after.
    db.session.deleteMany({ where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] } }),
    // A counter whose window started a day ago counts nothing any more, unless it still locks.
    db.rateLimit.deleteMany({
      where: { windowStart: { lt: dayAgo }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    }),
    db.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } }),
  ]);
  // One organization at a time, through the (organizationId, hour) index: the usage table is the
  // largest, and on SQLite each statement runs on the thread that answers verifications.
  const before = new Date(now.getTime() - USAGE_RETENTION_DAYS * DAY_MS);
  let usage = 0;
  for (const { id } of await db.organization.findMany({ select: { id: true } })) {
    const old = { organizationId: id, hour: { lt: before } };
    usage += (await db.keyUsage.deleteMany({ where: old })).count;
    usage += (await db.keySecretUsage.deleteMany({ where: old })).count;
  }
  // Deleting an event deletes its deliveries (the log); one still being retried stays.
  const webhookEvents = await db.webhookEvent.deleteMany({
    where: {
      createdAt: { lt: new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * DAY_MS) },
      deliveries: { none: { status: "pending" } },
    },
  });
  const invitations = await db.invitation.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - INVITATION_RETENTION_DAYS * DAY_MS) } },
  });
  // A challenge is single-use and refused once expired; one never answered is only litter.
  const passkeyChallenges = await db.passkeyChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  return {
    passkeyChallenges: passkeyChallenges.count,
    webhookEvents: webhookEvents.count,
    invitations: invitations.count,
    sessions: sessions.count,
    rateLimits: rateLimits.count,
    idempotency: idempotency.count,
    usage,
  };
}

/** Sweeps now and every hour until stopped; a failed sweep is logged in one line and retried next hour. */
export function startHousekeeping(): () => void {
  return everyHour("housekeeping", () => runHousekeeping());
}
