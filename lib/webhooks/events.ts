// Every event type a webhook can subscribe to (README.md, "Webhooks"). Changes to keys are written
// by the key cores through lib/keys/audit.ts; `key.expiring`, `key.expired` and `key.grace_ending`
// by a sweep (lib/maintenance/key-events.ts); `key.leaked` by the leak response (lib/keys/leaks.ts,
// through lib/keys/audit.ts); `audit.chain_broken` by the hourly chain check
// (lib/maintenance/chain-check.ts). `webhook.test` is only sent by **Send test event**.

export const WEBHOOK_EVENTS = {
  "key.created": "A key was created",
  "key.updated": "A key's label, description, permissions, IP ranges, expiry or systems changed",
  "key.rolled": "A key got a new primary secret; the old one works until its grace ends",
  "key.regenerated": "A key's primary or secondary secret was replaced at once",
  "key.disabled": "A key was disabled",
  "key.enabled": "A disabled key was enabled again",
  "key.revoked": "A key was revoked",
  "key.deleted": "A revoked key was deleted",
  "key.expiring": "A key reaches one of the policy's warning days before it expires",
  "key.expired": "A key expired",
  "key.grace_ending": "A rolled-out secret stops working within the hour",
  "key.leaked": "A key's secret was reported as exposed; the key was disabled or revoked",
  "audit.chain_broken": "The audit log's hash chain failed its hourly check",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [WebhookEventType, ...WebhookEventType[]];

/** Sent only to the endpoint it is asked for; no endpoint subscribes to it. */
export const TEST_EVENT_TYPE = "webhook.test";
