import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { transact } from "@/lib/db/transaction";
import type { WebhookEventType } from "@/lib/webhooks/events";
import { enqueueWebhookEvent, subscribedTypes } from "@/lib/webhooks/outbox";

// Webhook events that no request causes (the scheduled key events in ./key-events.ts, the hourly
// audit chain check in ./chain-check.ts): each is an occasion whose event id is derived from what it
// announces, so a sweep that runs again, or on another instance, finds it written and sends nothing.

export type Occasion = {
  organizationId: string;
  type: WebhookEventType;
  subjectId: string | null;
  /** What makes this occasion unique (the id is derived from it). */
  occasion: string;
  data: Record<string, unknown>;
};

function stableEventId(occasion: Occasion): string {
  const digest = createHash("sha256").update(`${occasion.type}|${occasion.occasion}`).digest("hex");
  return `evt_${digest.slice(0, 32)}`;
}

/** Queues the event of `occasion` unless it is written already (here or by another instance): true when this call wrote it. */
export async function queueOnce(db: Db, occasion: Occasion): Promise<boolean> {
  const id = stableEventId(occasion);
  if (await db.webhookEvent.findUnique({ where: { id }, select: { id: true } })) return false;
  try {
    const queued = await transact((tx) =>
      enqueueWebhookEvent(tx, {
        id,
        organizationId: occasion.organizationId,
        type: occasion.type,
        subjectId: occasion.subjectId,
        data: occasion.data,
      }),
    );
    return queued !== null;
  } catch (error) {
    // Another instance wrote it first: that is the one event.
    if (!isUniqueViolation(error)) throw error;
    return false;
  }
}

/** Which of `types` each organization's endpoints subscribe to; organizations with none are left out. */
export async function subscriptionsByOrganization(
  db: Db,
  types: readonly WebhookEventType[],
): Promise<Map<string, Set<string>>> {
  const endpoints = await db.webhookEndpoint.findMany({ select: { organizationId: true, events: true } });
  const byOrg = new Map<string, Set<string>>();
  for (const endpoint of endpoints) {
    const subscribed = byOrg.get(endpoint.organizationId) ?? new Set<string>();
    for (const type of subscribedTypes(endpoint.events))
      if (types.includes(type as WebhookEventType)) subscribed.add(type);
    if (subscribed.size > 0) byOrg.set(endpoint.organizationId, subscribed);
  }
  return byOrg;
}
