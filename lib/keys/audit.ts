import type { AuditAction } from "@/lib/audit/action-names";
import { auditTarget, writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { afterCommit } from "@/lib/db/transaction";
import { publishKeyChange } from "@/lib/keys/events";
import type { CreditRefill, KeyCredits, KeyRatelimit } from "@/lib/keys/limits";
import type { WebhookEventType } from "@/lib/webhooks/events";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";

// Every change to a key ends here: one audit entry in the change's own transaction, the webhook
// event in the same transaction (the outbox, lib/webhooks/outbox.ts: a rolled-back change sends
// nothing), and, once it has committed, a notice that drops the key from every verify cache. Secrets, hashes and
// ciphertexts never go into `changes` or `metadata`; hints may (they identify, they do not unlock).

export type KeyChange = {
  action: AuditAction;
  changes?: Record<string, { before: unknown; after: unknown }>;
  metadata?: Record<string, unknown>;
};

/** The webhook event each audited key change sends; viewing a stored secret sends none. */
const WEBHOOK_EVENT_OF: Partial<Record<AuditAction, WebhookEventType>> = {
  "key.created": "key.created",
  "key.updated": "key.updated",
  "key.rolled": "key.rolled",
  // Ending a grace early changes which secrets verify: sent as key.updated (README "Webhooks").
  "key.grace_ended": "key.updated",
  "key.secret_regenerated": "key.regenerated",
  "key.disabled": "key.disabled",
  "key.enabled": "key.enabled",
  "key.revoked": "key.revoked",
  "key.deleted": "key.deleted",
  "key.leaked": "key.leaked",
};

export async function recordKeyChange(
  tx: Tx,
  ctx: Ctx,
  key: { id: string; label: string },
  change: KeyChange,
): Promise<void> {
  await writeAudit(tx, ctx, {
    action: change.action,
    ...auditTarget("key", key.id, key.label),
    changes: change.changes ?? null,
    metadata: change.metadata ?? null,
  });
  const type = WEBHOOK_EVENT_OF[change.action];
  if (type) {
    await enqueueWebhookEvent(tx, {
      organizationId: ctx.organizationId,
      type,
      subjectId: key.id,
      data: {
        key: { id: key.id, label: key.label },
        actor: { type: ctx.actor.type, id: ctx.actor.id, label: ctx.actor.label },
        changes: change.changes ?? null,
        metadata: change.metadata ?? null,
      },
    });
  }
  afterCommit(tx, () => publishKeyChange(key.id));
}

/** The audited form of a key's editable fields: plain JSON, dates as ISO text, lists sorted. */
export type KeyAuditSnapshot = {
  label: string;
  description: string;
  permissions: string[];
  allowedCidrs: string[];
  expiresAt: string;
  systemLimits: string[];
  ratelimits: KeyRatelimit[];
  credits: KeyCredits | null;
  meta: Record<string, unknown> | null;
  externalId: string | null;
};

/** The usage fields (README, "Rate limits, credits and metadata"), as a create or an edit sets them. */
type KeyUsageFields = {
  ratelimits: readonly KeyRatelimit[];
  credits: { remaining: number; refill?: CreditRefill | null } | null;
  meta: Record<string, unknown> | null;
  externalId: string | null;
};

export function keyAuditSnapshot(
  key: {
    label: string;
    description: string;
    permissions: readonly string[];
    allowedCidrs: readonly string[];
    expiresAt: Date;
    systemLimits: readonly { name: string }[];
  } & KeyUsageFields,
): KeyAuditSnapshot {
  return {
    label: key.label,
    description: key.description,
    permissions: [...key.permissions].sort(),
    allowedCidrs: [...key.allowedCidrs],
    expiresAt: key.expiresAt.toISOString(),
    systemLimits: key.systemLimits.map((s) => s.name).sort(),
    ratelimits: [...key.ratelimits],
    credits: key.credits && { remaining: key.credits.remaining, refill: key.credits.refill ?? null },
    meta: key.meta,
    externalId: key.externalId,
  };
}

/** A new key's snapshot without the usage fields it does not use, so plain keys audit as before. */
export function withoutUnusedFields(snapshot: KeyAuditSnapshot): Partial<KeyAuditSnapshot> {
  const { ratelimits, credits, meta, externalId, ...rest } = snapshot;
  return {
    ...rest,
    ...(ratelimits.length > 0 ? { ratelimits } : {}),
    ...(credits ? { credits } : {}),
    ...(meta ? { meta } : {}),
    ...(externalId !== null ? { externalId } : {}),
  };
}
