// Audit export formats: CSV cells through lib/csv.ts (CSV injection neutralised, RFC 4180 quoting).
// Pure, so the rules are unit-tested on their own (csv.test.ts).
import { csvRow } from "@/lib/csv";
import { auditActionLabel } from "./action-names";
import type { StoredEntry } from "./chain";

export { csvField, csvRow, UTF8_BOM } from "@/lib/csv";

/** A stored entry as exported: every field, changes and metadata as any JSON. */
export type ExportableEntry = Omit<StoredEntry, "organizationId">;

export const AUDIT_CSV_COLUMNS = [
  "seq",
  "created_at",
  "actor_type",
  "actor_id",
  "actor_label",
  "ip",
  "user_agent",
  "action",
  "action_label",
  "outcome",
  "target_type",
  "target_id",
  "target_label",
  "changes",
  "metadata",
  "prev_hash",
  "hash",
  "id",
] as const;

export function auditCsvHeader(): string {
  return csvRow(AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(entry: ExportableEntry): string {
  return csvRow([
    entry.seq,
    entry.createdAt.toISOString(),
    entry.actorType,
    entry.actorId,
    entry.actorLabel,
    entry.ip,
    entry.userAgent,
    entry.action,
    auditActionLabel(entry.action),
    entry.outcome,
    entry.targetType,
    entry.targetId,
    entry.targetLabel,
    jsonCell(entry.changes),
    jsonCell(entry.metadata),
    entry.prevHash,
    entry.hash,
    entry.id,
  ]);
}

function jsonCell(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * One JSON object per line, every stored field with its stored name: with the organization id,
 * a line holds everything its hash covers, so an exported log can be re-verified elsewhere.
 */
export function auditJsonLine(entry: ExportableEntry & { organizationId?: string }): string {
  return `${JSON.stringify({ ...entry, createdAt: entry.createdAt.toISOString() })}\n`;
}
