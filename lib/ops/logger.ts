import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";
import { logLevel } from "@/lib/env";

// Keyplane's server log: one JSON line per request and per background job (README, "Operating
// Keyplane"). Never a secret: request bodies and the Authorization and Cookie headers are not
// logged at all, and any field that could hold a credential is redacted in case one is passed by
// mistake. In a terminal the lines are printed in a short human form instead (formatPretty).

/** Field names that may never reach the log with their value, at the top level or one level down. */
const SECRET_FIELDS = [
  "authorization",
  "cookie",
  "password",
  "newPassword",
  "currentPassword",
  "secret",
  "token",
  "code",
  "totp",
  "key",
  "apiKey",
];
const REDACTED_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `*.${field}`)];

const holder = globalThis as typeof globalThis & { __keyplaneLogger?: Logger };

/** The process-wide logger (on globalThis: the node:http server and Next's bundle share it). */
export function logger(): Logger {
  holder.__keyplaneLogger ??= createLogger();
  return holder.__keyplaneLogger;
}

/** Replaces the process-wide logger: the e2e server writes its log to a file the suite then reads. */
export function setLogger(next: Logger): void {
  holder.__keyplaneLogger = next;
}

export function createLogger(
  destination: { write(line: string): void } = defaultDestination(),
  level: string = logLevel(),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

function defaultDestination(): { write(line: string): void } {
  if (!process.stdout.isTTY) return pino.destination({ dest: 1, sync: false });
  return { write: (line: string) => void process.stdout.write(formatPretty(line)) };
}

const SHOWN_FIRST = new Set(["time", "level", "msg"]);

/** "12:00:01 INFO GET /keys 200 12ms  requestId=… organization=…" for a person at a terminal. */
export function formatPretty(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record.time === "string" ? record.time.slice(11, 19) : "";
  const level = String(record.level ?? "").toUpperCase();
  const rest = Object.entries(record)
    .filter(([name]) => !SHOWN_FIRST.has(name))
    .map(([name, value]) => `${name}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  return `${time} ${level.padEnd(5)} ${String(record.msg ?? "")}${rest ? `  ${rest}` : ""}\n`;
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is a sane token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** The first line of an error's message (stack traces and multi-line driver errors stay out of the log). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}
