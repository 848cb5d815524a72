// Audit export formats. CSV files are opened in spreadsheets, which run a cell that starts like a
// formula (CSV injection): such cells get a leading single quote. Quoting follows RFC 4180.
// Pure, so the rules are unit-tested on their own (csv.test.ts).
import { auditActionLabel } from "./action-names";
import type { StoredEntry } from "./chain";

/** A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Control characters other than tab, CR and LF: never legitimate in a label, and they confuse viewers. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV cell: null/undefined empty, numbers as is, text neutralised and quoted when needed. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text = value.replace(CONTROL, "\uFFFD");
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Excel reads a CSV file as UTF-8 only when it starts with a byte order mark. */
export const UTF8_BOM = "\uFEFF";

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
