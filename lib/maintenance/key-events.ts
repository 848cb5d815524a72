import { getDb, type Db } from "@/lib/db";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/time";
import type { WebhookEventType } from "@/lib/webhooks/events";
import { queueOnce, subscriptionsByOrganization, type Occasion } from "./occasions";

// Webhook events that no request causes, found by a sweep every few minutes (README.md,
// "Webhooks"): `key.expiring` at each of the key policy's warning days, `key.expired`, and
// `key.grace_ending` an hour before a rolled-out secret stops working. Each event's id is derived
// from what it announces (key, expiry or grace end, warning day), so a sweep that runs again, or on
// another instance, finds it written and leaves it: one event per occasion. Only organizations
// with an endpoint subscribed to one of these types are looked at.

const SCHEDULED: readonly WebhookEventType[] = ["key.expiring", "key.expired", "key.grace_ending"];
const GRACE_ENDING_NOTICE_MS = HOUR_MS;
/** A key that expired longer ago than this while no one listened is not announced any more. */
const EXPIRED_LOOKBACK_MS = DAY_MS;
const SWEEP_MS = 5 * MINUTE_MS;

async function occasionsFor(
  db: Db,
  organizationId: string,
  types: Set<string>,
  now: Date,
): Promise<Occasion[]> {
  const found: Occasion[] = [];
  const keyData = (key: { id: string; label: string; systemId: string | null; expiresAt: Date }) => ({
    key: { id: key.id, label: key.label, systemId: key.systemId, expiresAt: key.expiresAt.toISOString() },
  });
  const select = { id: true, label: true, systemId: true, expiresAt: true } as const;
  if (types.has("key.expiring")) {
    const days = (await getKeyPolicy(db, organizationId)).expiryWarningDays;
    const keys = await db.apiKey.findMany({
      where: {
        organizationId,
        state: "active",
        expiresAt: { gt: now, lte: new Date(now.getTime() + Math.max(...days) * DAY_MS) },
      },
      select,
    });
    for (const key of keys) {
      // The nearest warning day already reached: 14 days out warns once, at 7 once more, at 1 again.
      const left = key.expiresAt.getTime() - now.getTime();
      const day = Math.min(...days.filter((d) => left <= d * DAY_MS));
      found.push({
        organizationId,
        type: "key.expiring",
        subjectId: key.id,
        occasion: `${key.id}|${key.expiresAt.toISOString()}|${day}`,
        data: { ...keyData(key), warningDays: day },
      });
    }
  }
  if (types.has("key.expired")) {
    const keys = await db.apiKey.findMany({
      where: {
        organizationId,
        state: "active",
        expiresAt: { lte: now, gt: new Date(now.getTime() - EXPIRED_LOOKBACK_MS) },
      },
      select,
    });
    for (const key of keys) {
      found.push({
        organizationId,
        type: "key.expired",
        subjectId: key.id,
        occasion: `${key.id}|${key.expiresAt.toISOString()}`,
        data: keyData(key),
      });
    }
  }
  if (types.has("key.grace_ending")) {
    const secrets = await db.keySecret.findMany({
      where: {
        organizationId,
        slot: "rolled",
        graceEndsAt: { gt: now, lte: new Date(now.getTime() + GRACE_ENDING_NOTICE_MS) },
        key: { state: "active" },
      },
      select: { id: true, hint: true, graceEndsAt: true, key: { select } },
    });
    for (const secret of secrets) {
      found.push({
        organizationId,
        type: "key.grace_ending",
        subjectId: secret.key.id,
        occasion: `${secret.id}|${secret.graceEndsAt?.toISOString()}`,
        data: { ...keyData(secret.key), secret: { hint: secret.hint, graceEndsAt: secret.graceEndsAt } },
      });
    }
  }
  return found;
}

/** Writes every scheduled event due at `now` that is not written yet; returns how many it wrote. */
export async function emitScheduledKeyEvents(db: Db = getDb(), now = new Date()): Promise<number> {
  const typesByOrg = await subscriptionsByOrganization(db, SCHEDULED);
  let written = 0;
  for (const [organizationId, types] of typesByOrg) {
    for (const occasion of await occasionsFor(db, organizationId, types, now)) {
      if (await queueOnce(db, occasion)) written += 1;
    }
  }
  return written;
}

/** Sweeps now and every five minutes until stopped; a failed sweep is logged in one line. */
export function startScheduledKeyEvents(): () => void {
  const sweep = () => {
    emitScheduledKeyEvents().catch((error: unknown) => {
      console.error(`[key events] ${error instanceof Error ? error.message.split("\n")[0] : "sweep failed"}`);
    });
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
