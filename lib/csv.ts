// CSV cells for every export (the audit log in lib/audit/csv.ts, the key table's selection in
// lib/keys/export.ts). CSV files are opened in spreadsheets, which run a cell that starts like a
// formula (CSV injection): such cells get a leading single quote. Quoting follows RFC 4180.

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
