import type { z } from "zod";
import { auditTarget, createdChanges, deletedChanges, writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { afterCommit } from "@/lib/db/transaction";
import { AppError, notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import { parseWebhookUrl, resolveWebhookAddresses } from "./address";
import { TEST_EVENT_TYPE } from "./events";
import { enqueueWebhookEvent, wakeWebhookWorkers, subscribedTypes } from "./outbox";
import { sealWebhookSecret } from "./secret";
import { generateWebhookSecret } from "./signature";
import type { createWebhookSchema, resendDeliverySchema, webhookTargetSchema } from "./schemas";

// Core functions for webhook endpoints (ARCHITECTURE.md, "Webhooks"); the console's actions and
// the REST routes call them in one transaction. Creating and deleting are audited.

const MAX_WEBHOOKS_PER_ORGANIZATION = 20;

export type WebhookSummary = { id: string; url: string; events: string[]; createdAt: Date };

export async function createWebhook(
  ctx: Ctx,
  input: z.output<typeof createWebhookSchema>,
  tx: Tx,
  allowPrivate = env().KEYPLANE_WEBHOOK_ALLOW_PRIVATE,
): Promise<{ webhook: WebhookSummary; secret: string }> {
  const url = parseWebhookUrl(input.url);
  await resolveWebhookAddresses(url, allowPrivate);
  const count = await tx.webhookEndpoint.count({ where: { organizationId: ctx.organizationId } });
  if (count >= MAX_WEBHOOKS_PER_ORGANIZATION) {
    throw new AppError(
      "CONFLICT",
      `An organization can have at most ${MAX_WEBHOOKS_PER_ORGANIZATION} webhook endpoints.`,
    );
  }
  const secret = generateWebhookSecret();
  const created = await tx.webhookEndpoint.create({
    data: { organizationId: ctx.organizationId, url: url.href, events: input.events, secretEnc: "" },
    select: { id: true },
  });
  const row = await tx.webhookEndpoint.update({
    where: { id: created.id },
    data: { secretEnc: sealWebhookSecret(created.id, secret) },
    select: { id: true, url: true, events: true, createdAt: true },
  });
  await writeAudit(tx, ctx, {
    action: "webhook.created",
    ...auditTarget("webhook", row.id, row.url),
    changes: createdChanges({ url: row.url, events: input.events }),
  });
  return { webhook: { ...row, events: subscribedTypes(row.events) }, secret };
}

async function findWebhook(ctx: Ctx, webhookId: string, tx: Tx) {
  const row = await tx.webhookEndpoint.findFirst({
    where: { id: webhookId, organizationId: ctx.organizationId },
    select: { id: true, url: true, events: true, createdAt: true },
  });
  if (!row) throw notFound("The webhook");
  return row;
}

export async function deleteWebhook(
  ctx: Ctx,
  input: z.output<typeof webhookTargetSchema>,
  tx: Tx,
): Promise<{ id: string }> {
  const row = await findWebhook(ctx, input.webhookId, tx);
  await tx.webhookEndpoint.delete({ where: { id: row.id } });
  await writeAudit(tx, ctx, {
    action: "webhook.deleted",
    ...auditTarget("webhook", row.id, row.url),
    changes: deletedChanges({ url: row.url, events: subscribedTypes(row.events) }),
  });
  return { id: row.id };
}

/** Queues a `webhook.test` event for this endpoint only. */
export async function sendTestEvent(
  ctx: Ctx,
  input: z.output<typeof webhookTargetSchema>,
  tx: Tx,
): Promise<{ eventId: string }> {
  const row = await findWebhook(ctx, input.webhookId, tx);
  const eventId = await enqueueWebhookEvent(
    tx,
    {
      organizationId: ctx.organizationId,
      type: TEST_EVENT_TYPE,
      subjectId: null,
      data: { message: "A test event from Keyplane.", webhook: { id: row.id, url: row.url } },
    },
    row.id,
  );
  if (eventId === null) throw notFound("The webhook");
  return { eventId };
}

/** Sends a delivered or failed event to its endpoint again: a new delivery, the same event id. */
export async function resendDelivery(
  ctx: Ctx,
  input: z.output<typeof resendDeliverySchema>,
  tx: Tx,
): Promise<{ deliveryId: string }> {
  const old = await tx.webhookDelivery.findFirst({
    where: { id: input.deliveryId, organizationId: ctx.organizationId },
    select: { endpointId: true, eventId: true, orderKey: true },
  });
  if (!old) throw notFound("The delivery");
  const now = new Date();
  const created = await tx.webhookDelivery.create({
    data: { ...old, organizationId: ctx.organizationId, nextAttemptAt: now, createdAt: now },
    select: { id: true },
  });
  afterCommit(tx, wakeWebhookWorkers);
  return { deliveryId: created.id };
}
