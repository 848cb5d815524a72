// Printing: aligned tables and "name: value" blocks for people, JSON for scripts (--json). Writes
// go through an Output so tests and commands never touch process.stdout directly.

export type Output = { out: (text: string) => void; err: (text: string) => void };

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

const MAX_CELL = 48;

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/gu;
const NAMED_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text from the server made safe for a terminal: every Unicode control or format character (ESC,
 * newline, NUL, bidi overrides, zero-width spaces) is printed as a visible escape (\x1b, \n,
 * \u202e), so stored data can neither recolour the terminal nor forge a table row. Names are
 * refused with such characters today (lib/plain-text.ts), but rows written before may hold them.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL_OR_FORMAT, (char) => {
    const named = NAMED_ESCAPES[char];
    if (named) return named;
    const code = char.codePointAt(0) ?? 0;
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

/** Columns padded to their widest cell; long cells are cut with an ellipsis. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cut = (raw: string) => {
    const cell = terminalText(raw);
    return cell.length > MAX_CELL ? `${cell.slice(0, MAX_CELL - 1)}…` : cell;
  };
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
  return fields
    .map(([name, value]) => `${`${name}:`.padEnd(width)}  ${value ? terminalText(value) : "—"}`)
    .join("\n");
}

/** An ISO timestamp as "2027-01-31 14:05 UTC". */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export function list(values: readonly string[]): string {
  return values.length > 0 ? values.join(", ") : "—";
}
