import { listWebhooks } from "@/lib/webhooks/queries";
import { createWebhook, deleteWebhook } from "@/lib/webhooks/endpoints";
import { assertOrganizationWide } from "./access";
import { createWebhookOperation, deleteWebhookOperation, listWebhooksOperation } from "./operations/webhooks";
import { apiRoute } from "./route";
import type { ApiWebhook } from "./schemas/webhooks";

// The webhook routes' handlers; app/api/v1/webhooks/**/route.ts only re-export them.

function presentWebhook(row: { id: string; url: string; events: string[]; createdAt: Date }): ApiWebhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as ApiWebhook["events"],
    createdAt: row.createdAt.toISOString(),
  };
}

export const listWebhooksRoute = apiRoute(listWebhooksOperation, async (api) => {
  assertOrganizationWide(api, "list webhooks");
  const rows = await listWebhooks(api.caller.organizationId);
  return { status: 200, body: { data: rows.map(presentWebhook) } };
});

export const createWebhookRoute = apiRoute(createWebhookOperation, async (api) => {
  assertOrganizationWide(api, "add webhooks");
  return api.mutate(async (tx) => {
    const { webhook, secret } = await createWebhook(
      api.ctx,
      { ...api.body, organizationId: api.caller.organizationId },
      tx,
    );
    return { status: 201, body: { id: webhook.id, secret } };
  });
});

export const deleteWebhookRoute = apiRoute<typeof deleteWebhookOperation, { id: string }>(
  deleteWebhookOperation,
  async (api) => {
    assertOrganizationWide(api, "delete webhooks");
    return api.mutate(async (tx) => {
      const { id } = await deleteWebhook(
        api.ctx,
        { organizationId: api.caller.organizationId, webhookId: api.params.id },
        tx,
      );
      return { status: 200, body: { id, deleted: true } };
    });
  },
);
