import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./events";

// Inputs of the webhook actions and routes. Every one names the organization: the action wrapper
// authorizes the caller there, and the cores look endpoints up inside it only.

const idSchema = z.string().min(1).max(64);

const webhookUrlSchema = z
  .string({ error: "Enter the URL that receives the events." })
  .trim()
  .min(1, "Enter the URL that receives the events.")
  .max(2000, "The URL must be at most 2000 characters.");

const webhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose events from the list." }), {
    error: "Choose at least one event.",
  })
  .min(1, "Choose at least one event.")
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)].sort());

export const createWebhookSchema = z.strictObject({
  organizationId: idSchema,
  url: webhookUrlSchema,
  events: webhookEventsSchema,
});

export const webhookTargetSchema = z.strictObject({ organizationId: idSchema, webhookId: idSchema });

export const resendDeliverySchema = z.strictObject({ organizationId: idSchema, deliveryId: idSchema });
