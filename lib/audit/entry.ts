import type { Prisma } from "@/lib/db";

// An audit entry as the console, the export and the chain check read it: every stored field but
// the organization id, which every query already names. The one row type of the audit log; the
// hashed fields (chain.ts) and the exported ones (csv.ts) derive from it.
export const AUDIT_ENTRY_SELECT = {
  id: true,
  seq: true,
  createdAt: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  ip: true,
  userAgent: true,
  action: true,
  outcome: true,
  targetType: true,
  targetId: true,
  targetLabel: true,
  changes: true,
  metadata: true,
  prevHash: true,
  hash: true,
} as const satisfies Prisma.AuditEntrySelect;

export type AuditEntryView = Prisma.AuditEntryGetPayload<{ select: typeof AUDIT_ENTRY_SELECT }>;
