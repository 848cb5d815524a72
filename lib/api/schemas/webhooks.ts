import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import { requestComponents, responseComponents, timestampSchema } from "./common";

// Request schema derived from the console's form (the organization comes from the caller's key);
// response schemas describe lib/api/webhooks.ts's output. The secret is in the create answer only.

export const createWebhookBodySchema = createWebhookSchema
  .omit({ organizationId: true })
  .meta({ examples: [{ url: "https://hooks.example.com/keyplane", events: ["key.revoked", "key.rolled"] }] })
  .register(requestComponents, { id: "CreateWebhookRequest" });

const apiWebhookSchema = z
  .strictObject({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    createdAt: timestampSchema,
  })
  .register(responseComponents, { id: "Webhook" });
export type ApiWebhook = z.output<typeof apiWebhookSchema>;

export const webhookListResponseSchema = z
  .strictObject({ data: z.array(apiWebhookSchema) })
  .register(responseComponents, { id: "WebhookListResponse" });

export const createdWebhookResponseSchema = z
  .strictObject({
    id: z.string(),
    secret: z.string().meta({
      description:
        "The signing secret (whsec_…), shown in this answer only: verify each delivery's Keyplane-Signature with it.",
    }),
  })
  .register(responseComponents, { id: "CreatedWebhookResponse" });

export const deletedWebhookResponseSchema = z
  .strictObject({ id: z.string(), deleted: z.literal(true) })
  .register(responseComponents, { id: "DeletedWebhookResponse" });
