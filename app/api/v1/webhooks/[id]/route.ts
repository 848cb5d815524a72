import { deleteWebhookRoute } from "@/lib/api/webhooks";

// DELETE: remove a webhook endpoint. Handler: lib/api/webhooks.ts.
export const DELETE = deleteWebhookRoute;
