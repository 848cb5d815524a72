import { csvRow, UTF8_BOM } from "@/lib/csv";
import type { KeyRow } from "./queries";

// The key table's export of selected keys (components/keys/bulk-actions.tsx): their metadata,
// never a secret, as CSV or JSON, made in the browser.

function exportRecords(rows: readonly KeyRow[]) {
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    scope: row.scope.type === "system" ? `system:${row.scope.systemName}` : "organization",
    state: row.status,
    permissions: row.permissions.join(" "),
    hint: row.hint ?? "",
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt).toISOString() : "",
  }));
}

export function keysExport(rows: readonly KeyRow[], kind: "csv" | "json"): string {
  const records = exportRecords(rows);
  if (kind === "json") return JSON.stringify(records, null, 2);
  const columns = Object.keys(records[0] ?? {});
  return UTF8_BOM + csvRow(columns) + records.map((record) => csvRow(Object.values(record))).join("");
}
