import { randomBytes } from "node:crypto";
import type { Prisma, Tx } from "@/lib/db";
import { afterCommit } from "@/lib/db/transaction";
import { processListeners } from "@/lib/listeners";
import { type TEST_EVENT_TYPE, type WebhookEventType } from "./events";

// The outbox (ARCHITECTURE.md, "Webhooks"): an event is a row written in the transaction of the
// change it reports, next to that change's audit entry, with one delivery row per endpoint that
// subscribes to its type. A change that rolls back leaves neither; a committed one is sent by the
// worker (lib/webhooks/worker.ts) however often the server restarts. After the commit this
// process's worker is woken at once; other instances find the rows on their next poll.

export type OutboxEvent = {
  organizationId: string;
  type: WebhookEventType | typeof TEST_EVENT_TYPE;
  /** What the event is about (a key's id): deliveries for one subject go out in order. */
  subjectId: string | null;
  data: Record<string, unknown>;
  /** A stable id for an event that must be written once however often it is found (scheduled events). */
  id?: string;
};

type Waker = () => void;
const wakers = processListeners<Waker>("WebhookWakers");

/** The worker registers here to hear of new deliveries at once (they are found by polling anyway). */
export function onWebhookQueued(waker: Waker): () => void {
  return wakers.add(waker);
}

/** Wakes this process's worker (after a commit that queued a delivery). */
export function wakeWebhookWorkers(): void {
  for (const wake of wakers.current()) wake();
}

/** A stable, unguessable event id: receivers deduplicate on it (delivery is at least once). */
function newEventId(): string {
  return `evt_${randomBytes(16).toString("hex")}`;
}

/**
 * Writes the event and its deliveries in `tx`. Returns the event id, or null when no endpoint
 * wants it (nothing is written then). `onlyEndpointId` sends it to that one endpoint whatever it
 * subscribes to (Send test event).
 */
export async function enqueueWebhookEvent(
  tx: Tx,
  event: OutboxEvent,
  onlyEndpointId?: string,
): Promise<string | null> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { organizationId: event.organizationId, ...(onlyEndpointId ? { id: onlyEndpointId } : {}) },
    select: { id: true, events: true },
  });
  const targets = onlyEndpointId
    ? endpoints
    : endpoints.filter((endpoint) => subscribedTypes(endpoint.events).includes(event.type));
  if (targets.length === 0) return null;
  const id = event.id ?? newEventId();
  const createdAt = new Date();
  await tx.webhookEvent.create({
    data: {
      id,
      organizationId: event.organizationId,
      type: event.type,
      subjectId: event.subjectId,
      payload: event.data as Prisma.InputJsonValue,
      createdAt,
    },
  });
  await tx.webhookDelivery.createMany({
    data: targets.map((endpoint) => ({
      organizationId: event.organizationId,
      endpointId: endpoint.id,
      eventId: id,
      orderKey: event.subjectId ?? id,
      nextAttemptAt: createdAt,
      createdAt,
    })),
  });
  afterCommit(tx, wakeWebhookWorkers);
  return id;
}

/** The stored `events` column as a list of type names (anything else in it is ignored). */
export function subscribedTypes(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === "string") : [];
}
