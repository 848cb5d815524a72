import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { TEST_EVENT_TYPE } from "@/lib/webhooks/events";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";
import { sealWebhookSecret } from "@/lib/webhooks/secret";

/** A webhook endpoint row (no action, no audit entry) with one queued test delivery to it. */
export async function createWebhookRow(organizationId: string, url = "https://93.184.215.14/hook") {
  const db = getDb();
  const row = await db.webhookEndpoint.create({
    data: { organizationId, url, events: ["key.created"], secretEnc: "" },
  });
  await db.webhookEndpoint.update({
    where: { id: row.id },
    data: { secretEnc: sealWebhookSecret(row.id, "whsec_test") },
  });
  await transact((tx) =>
    enqueueWebhookEvent(tx, { organizationId, type: TEST_EVENT_TYPE, subjectId: null, data: {} }, row.id),
  );
  const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: row.id } });
  return { webhook: row, delivery };
}
