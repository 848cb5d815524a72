// Printing: aligned tables and "name: value" blocks for people, JSON for scripts (--json). Writes
// go through an Output so tests and commands never touch process.stdout directly.

export type Output = { out: (text: string) => void; err: (text: string) => void };

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

const MAX_CELL = 48;

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

/** Columns padded to their widest cell; long cells are cut with an ellipsis. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cut = (cell: string) => (cell.length > MAX_CELL ? `${cell.slice(0, MAX_CELL - 1)}…` : cell);
  const cells = [headers, ...rows].map((row) => row.map(cut));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** "Label:    ci-runner" lines, the names aligned. Empty values are shown as "—". */
export function formatFields(fields: readonly (readonly [string, string | null | undefined])[]): string {
  const width = Math.max(...fields.map(([name]) => name.length)) + 1;
  return fields.map(([name, value]) => `${`${name}:`.padEnd(width)}  ${value || "—"}`).join("\n");
}

/** An ISO timestamp as "2027-01-31 14:05 UTC". */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export function list(values: readonly string[]): string {
  return values.length > 0 ? values.join(", ") : "—";
}
