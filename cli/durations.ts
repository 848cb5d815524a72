import { GRACE_PRESET_NAMES, isGracePreset } from "@/lib/keys/grace";
import { usageError } from "./errors";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/time";

// The CLI's shorthand for lifetimes and grace periods, turned into what the API takes. Dates are
// passed through untouched, so the API's own checks (and messages) apply to them.

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SPAN = /^(\d+)\s*(m|h|d|w|y)$/;
const UNIT_MS: Record<string, number> = {
  m: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
  w: 7 * DAY_MS,
  y: 365 * DAY_MS,
};
const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, y: 365 };

/** --expires on create: days (90, 90d, 12w, 1y) or a date; the API takes a number or a date. */
export function parseExpiry(value: string): number | string {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const span = SPAN.exec(text);
  const days = span ? UNIT_DAYS[span[2] ?? ""] : undefined;
  if (span && days !== undefined) return Number(span[1]) * days;
  if (DATE.test(text)) return text;
  throw usageError(`--expires takes days (90, 90d, 12w, 1y) or a date (2027-01-31), not "${value}".`);
}

/** --expires on update: the API takes a date, so a span is counted from now. */
export function parseExpiresAt(value: string, now = Date.now()): string {
  const parsed = parseExpiry(value);
  return typeof parsed === "number" ? new Date(now + parsed * DAY_MS).toISOString() : parsed;
}

/** --grace on roll: now, 1h, 24h, 7d, any other span (up to the grace end), or a date. */
export function parseGrace(value: string, now = Date.now()): string | { until: string } {
  const text = value.trim();
  if (isGracePreset(text)) return text;
  const span = SPAN.exec(text);
  if (span) return { until: new Date(now + Number(span[1]) * (UNIT_MS[span[2] ?? ""] ?? 0)).toISOString() };
  if (DATE.test(text)) return { until: text };
  throw usageError(
    `--grace takes ${GRACE_PRESET_NAMES.join(", ")}, another span (48h, 3d) or a date, not "${value}".`,
  );
}
