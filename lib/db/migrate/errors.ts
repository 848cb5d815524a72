// Turns the schema engine's errors into one readable line. The engine's messages carry a Rust
// backtrace and refer to JavaScript errors (thrown by the driver adapters) only by a registry id.
import type { ErrorRegistry } from "@prisma/driver-adapter-utils";

const EXTERNAL_ERROR = /External error id#(\d+)/g;
// Backtrace frames look like "   0: crate::module::function" followed by "at path/file.rs:12".
const BACKTRACE_FRAME = /^\s*\d+: |^\s+at \S+:\d+/;
const MIGRATION_SPAN = /with migration_name="([^"]+)"/;
// Headings the engine puts before the real cause.
const NOISE_LINES = new Set(["", "Error:", "external connector error"]);

/** One line describing `error`, with adapter errors resolved from `registry` when given. */
export function engineErrorMessage(error: unknown, registry?: ErrorRegistry): string {
  const raw = error instanceof Error ? error.message : String(error);
  const resolved = raw.replace(EXTERNAL_ERROR, (match, id: string) => {
    const record = registry?.consumeError(Number(id));
    return record === undefined ? match : firstLine(describeCause(record.error));
  });
  const message = toOneLine(stripBacktrace(resolved));
  // A failing migration script is named only in the backtrace's span fields.
  const migration = MIGRATION_SPAN.exec(raw)?.[1];
  return migration !== undefined && !message.includes(migration)
    ? `migration ${migration} failed: ${message}`
    : message;
}

/** The Prisma error code (e.g. "P1014") the engine attached to `error`, if any. */
export function engineErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** Removes every occurrence of each secret (a password, a full URL) from a message. */
export function redactSecrets(message: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = message;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length > 0) out = out.split(secret).join("***");
  }
  return out;
}

function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return describeCause(cause.errors[0]);
  if (cause instanceof Error) {
    // Node's network errors (ECONNREFUSED, ENOTFOUND) have terse messages; the code says more.
    const code = "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
    return code !== undefined && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}

function stripBacktrace(message: string): string {
  const lines = message.split("\n");
  const firstFrame = lines.findIndex((line) => BACKTRACE_FRAME.test(line));
  return (firstFrame === -1 ? lines : lines.slice(0, firstFrame)).join("\n");
}

/** Joins the message's lines into sentences: "…at `h:1`\n\nPlease…" becomes "…at `h:1`. Please…". */
function toOneLine(message: string): string {
  const lines = message
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => !NOISE_LINES.has(line));
  return lines
    .map((line, i) => (i < lines.length - 1 && !/[.:;!?]$/.test(line) ? `${line}.` : line))
    .join(" ");
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}
