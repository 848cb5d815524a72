import { defineOperation } from "../operation";
import {
  createdWebhookResponseSchema,
  createWebhookBodySchema,
  deletedWebhookResponseSchema,
  webhookListResponseSchema,
} from "../schemas/webhooks";

// The webhook routes under /api/v1/webhooks: organization keys without system limits only
// (README.md, "Webhooks": the events, the body and how to verify the signature).

const SCOPE = "Needs an organization key without system limits (403 otherwise).";

export const listWebhooksOperation = defineOperation({
  id: "listWebhooks",
  method: "GET",
  path: "/api/v1/webhooks",
  tag: "Webhooks",
  summary: "List webhook endpoints",
  description: `The organization's webhook endpoints, oldest first, without their secrets. ${SCOPE}`,
  security: "key",
  responses: { 200: { description: "Every endpoint.", schema: webhookListResponseSchema } },
});

export const createWebhookOperation = defineOperation({
  id: "createWebhook",
  method: "POST",
  path: "/api/v1/webhooks",
  tag: "Webhooks",
  summary: "Add a webhook endpoint",
  description: `Events are POSTed to \`url\` as \`{ id, type, createdAt, organizationId, data }\`, signed in \`Keyplane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">\`. The URL must be http(s) and resolve to public addresses only (422), unless the server sets KEYPLANE_WEBHOOK_ALLOW_PRIVATE=true. ${SCOPE}`,
  security: "key",
  body: createWebhookBodySchema,
  extraErrors: ["CONFLICT"],
  responses: {
    201: {
      description: "The endpoint's id and signing secret, shown in this answer only.",
      schema: createdWebhookResponseSchema,
    },
  },
});

export const deleteWebhookOperation = defineOperation({
  id: "deleteWebhook",
  method: "DELETE",
  path: "/api/v1/webhooks/{id}",
  tag: "Webhooks",
  summary: "Delete a webhook endpoint",
  description: `Removes the endpoint and its pending deliveries. ${SCOPE}`,
  security: "key",
  extraErrors: ["NOT_FOUND"],
  responses: { 200: { description: "The endpoint is gone.", schema: deletedWebhookResponseSchema } },
});

export const WEBHOOK_OPERATIONS = [
  listWebhooksOperation,
  createWebhookOperation,
  deleteWebhookOperation,
] as const;
