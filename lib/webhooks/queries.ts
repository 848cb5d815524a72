import { getDb } from "@/lib/db";
import { subscribedTypes } from "./outbox";

// Reads for the webhooks page and the REST list, always inside one organization. Secrets never
// leave lib/webhooks/secret.ts: no read here selects them.

export type WebhookRow = { id: string; url: string; events: string[]; createdAt: Date };

export async function listWebhooks(organizationId: string): Promise<WebhookRow[]> {
  const rows = await getDb().webhookEndpoint.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, url: true, events: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, events: subscribedTypes(row.events) }));
}

export function countWebhooks(organizationId: string): Promise<number> {
  return getDb().webhookEndpoint.count({ where: { organizationId } });
}

export type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date;
  lastResponseCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
};

const DELIVERY_LOG_SIZE = 50;

/** The endpoint's latest deliveries, newest first (an unknown or foreign endpoint: none). */
export async function listDeliveries(organizationId: string, webhookId: string): Promise<DeliveryRow[]> {
  const rows = await getDb().webhookDelivery.findMany({
    where: { organizationId, endpointId: webhookId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERY_LOG_SIZE,
    include: { event: { select: { type: true } } },
  });
  return rows.map(({ event, ...row }) => ({
    id: row.id,
    eventId: row.eventId,
    eventType: event.type,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.nextAttemptAt,
    lastResponseCode: row.lastResponseCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt,
  }));
}
