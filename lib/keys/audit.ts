import type { AuditAction } from "@/lib/audit/action-names";
import { writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { afterCommit } from "@/lib/db/transaction";
import { publishKeyChange } from "@/lib/keys/events";

// Every change to a key ends here: one audit entry in the change's own transaction, and, once it
// has committed, a notice that drops the key from every verify cache. Secrets, hashes and
// ciphertexts never go into `changes` or `metadata`; hints may (they identify, they do not unlock).

export type KeyChange = {
  action: AuditAction;
  changes?: Record<string, { before: unknown; after: unknown }>;
  metadata?: Record<string, unknown>;
};

export async function recordKeyChange(
  tx: Tx,
  ctx: Ctx,
  key: { id: string; label: string },
  change: KeyChange,
): Promise<void> {
  await writeAudit(tx, ctx, {
    action: change.action,
    targetType: "key",
    targetId: key.id,
    targetLabel: key.label,
    changes: change.changes ?? null,
    metadata: change.metadata ?? null,
  });
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
};

export function keyAuditSnapshot(key: {
  label: string;
  description: string;
  permissions: readonly string[];
  allowedCidrs: readonly string[];
  expiresAt: Date;
  systemLimits: readonly { name: string }[];
}): KeyAuditSnapshot {
  return {
    label: key.label,
    description: key.description,
    permissions: [...key.permissions].sort(),
    allowedCidrs: [...key.allowedCidrs],
    expiresAt: key.expiresAt.toISOString(),
    systemLimits: key.systemLimits.map((s) => s.name).sort(),
  };
}

/** { field: { before: null, after } } for every field of a new key. */
export function createdChanges(after: KeyAuditSnapshot): Record<string, { before: unknown; after: unknown }> {
  return Object.fromEntries(
    Object.entries(after).map(([field, value]) => [field, { before: null, after: value }]),
  );
}
