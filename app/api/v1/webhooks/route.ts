import { createWebhookRoute, listWebhooksRoute } from "@/lib/api/webhooks";

// GET: list webhook endpoints. POST: add one (its secret is in this answer only). Handlers: lib/api/webhooks.ts.
export const GET = listWebhooksRoute;
export const POST = createWebhookRoute;
