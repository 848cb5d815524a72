"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createWebhook, deleteWebhook, resendDelivery, sendTestEvent } from "@/lib/webhooks/endpoints";
import { createWebhookSchema, resendDeliverySchema, webhookTargetSchema } from "@/lib/webhooks/schemas";

// Thin entry points: the wrapper authorizes (owners and admins), the cores in lib/webhooks act.
const WEBHOOK_PAGES = "/orgs/[orgSlug]/settings/webhooks";

const revalidateWebhooks = () => revalidatePath(WEBHOOK_PAGES, "layout");

/** The endpoint and its signing secret: shown once, from this result only. */
export const createWebhookAction = defineAction({
  name: "webhook.create",
  schema: createWebhookSchema,
  permission: "webhooks:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => createWebhook(ctx, input, tx),
  after: revalidateWebhooks,
});

export const deleteWebhookAction = defineAction({
  name: "webhook.delete",
  schema: webhookTargetSchema,
  permission: "webhooks:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => deleteWebhook(ctx, input, tx),
  after: revalidateWebhooks,
});

export const sendTestWebhookAction = defineAction({
  name: "webhook.send_test",
  schema: webhookTargetSchema,
  permission: "webhooks:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => sendTestEvent(ctx, input, tx),
  after: revalidateWebhooks,
});

export const resendWebhookDeliveryAction = defineAction({
  name: "webhook.resend",
  schema: resendDeliverySchema,
  permission: "webhooks:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => resendDelivery(ctx, input, tx),
  after: revalidateWebhooks,
});
