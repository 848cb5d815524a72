import { z } from "zod";
import { DAY_MS } from "@/lib/time";

// What a key may carry besides its reach (README, "Rate limits, credits and metadata"): named rate
// limits, a balance of usage credits with an optional refill, a metadata object and the caller's
// own id for the customer or workload. The schemas are shared by the forms, the REST bodies and
// the CLI; the readers turn stored JSON back into these shapes (tolerantly: bad stored data reads
// as "none", never as a crash on the verify path); refillPeriod is the one rule for refills.

const MAX_RATELIMITS_PER_KEY = 10;
const MAX_META_BYTES = 4096;
export const MAX_CREDITS = 1_000_000_000;
const MAX_DURATION_MS = 31 * DAY_MS;
const CREDIT_INTERVALS = ["daily", "monthly"] as const;

const LIMIT_MESSAGES = {
  ratelimitName: "A limit name is 1–64 letters, digits, dots, dashes, underscores or colons.",
  ratelimitLimit: "A limit is a whole number of requests from 1 to 1,000,000,000.",
  ratelimitDuration: "A window is a whole number of milliseconds from 1 second to 31 days.",
  duplicateRatelimit: "Each rate limit needs its own name.",
  tooManyRatelimits: `A key can hold at most ${MAX_RATELIMITS_PER_KEY} rate limits.`,
  credits: `Credits are a whole number from 0 to ${MAX_CREDITS.toLocaleString("en-US")}.`,
  refillAmount: `A refill is a whole number of credits from 1 to ${MAX_CREDITS.toLocaleString("en-US")}.`,
  refillDay: "A monthly refill day is from 1 to 31 (the month's last day when it is shorter).",
  meta: "Metadata is a JSON object.",
  metaTooLarge: `Metadata is at most ${MAX_META_BYTES} bytes of JSON.`,
  externalId: "An external id is 1–128 printable ASCII characters.",
  topUp: `Top up by a whole number of credits from 1 to ${MAX_CREDITS.toLocaleString("en-US")}.`,
} as const;

/** A rate limit's name, as stored on a key and as a verification names it (lib/verify/body.ts). */
export const RATELIMIT_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

const ratelimitNameSchema = z
  .string({ error: LIMIT_MESSAGES.ratelimitName })
  .trim()
  .regex(RATELIMIT_NAME, LIMIT_MESSAGES.ratelimitName);

function wholeNumber(min: number, max: number, message: string) {
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

const ratelimitSchema = z.strictObject({
  name: ratelimitNameSchema,
  limit: wholeNumber(1, MAX_CREDITS, LIMIT_MESSAGES.ratelimitLimit),
  durationMs: wholeNumber(1000, MAX_DURATION_MS, LIMIT_MESSAGES.ratelimitDuration),
  /** Checked on every verification (true), or only when the request names it. */
  autoApply: z.boolean().default(true),
});
export type KeyRatelimit = z.output<typeof ratelimitSchema>;

// Forms hold text: number fields as digits, metadata as JSON text, an empty balance for "no
// credits". These turn such values into the JSON shapes before the checks (JSON passes unchanged).

const digitsToNumber = (value: unknown) =>
  typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;

function ratelimitsFromForm(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value
    .filter((row) => !(isRecord(row) && typeof row.name === "string" && row.name.trim() === ""))
    .map((row) =>
      isRecord(row)
        ? { ...row, limit: digitsToNumber(row.limit), durationMs: digitsToNumber(row.durationMs) }
        : row,
    );
}

function creditsFromForm(value: unknown): unknown {
  if (!isRecord(value) || typeof value.remaining !== "string") return value;
  if (value.remaining.trim() === "") return null;
  const refill = isRecord(value.refill) && value.refill.interval ? value.refill : null;
  return {
    remaining: digitsToNumber(value.remaining),
    refill: refill && {
      interval: refill.interval,
      amount: digitsToNumber(refill.amount),
      ...(refill.day === undefined || refill.day === "" ? {} : { day: digitsToNumber(refill.day) }),
    },
  };
}

function metaFromForm(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.trim() === "") return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ratelimitListSchema = z
  .array(ratelimitSchema, { error: LIMIT_MESSAGES.ratelimitName })
  .max(MAX_RATELIMITS_PER_KEY, LIMIT_MESSAGES.tooManyRatelimits)
  .refine((list) => new Set(list.map((l) => l.name)).size === list.length, LIMIT_MESSAGES.duplicateRatelimit)
  .transform((list) => [...list].sort((a, b) => a.name.localeCompare(b.name)));
export const ratelimitsSchema = z.preprocess(ratelimitsFromForm, ratelimitListSchema);

const creditRefillSchema = z.strictObject({
  interval: z.enum(CREDIT_INTERVALS, { error: 'The refill interval is "daily" or "monthly".' }),
  amount: wholeNumber(1, MAX_CREDITS, LIMIT_MESSAGES.refillAmount),
  /** Monthly only: the day of the month (default 1). */
  day: wholeNumber(1, 31, LIMIT_MESSAGES.refillDay).optional(),
});
export type CreditRefill = z.output<typeof creditRefillSchema>;

export const creditsSchema = z.preprocess(
  creditsFromForm,
  z
    .strictObject({
      remaining: wholeNumber(0, MAX_CREDITS, LIMIT_MESSAGES.credits),
      refill: creditRefillSchema.nullable().optional(),
    })
    .nullable(),
);
export type KeyCredits = { remaining: number; refill: CreditRefill | null };

export const keyMetaSchema = z.preprocess(
  metaFromForm,
  z
    .record(z.string(), z.unknown(), { error: LIMIT_MESSAGES.meta })
    .refine(
      (value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_META_BYTES,
      LIMIT_MESSAGES.metaTooLarge,
    )
    .transform((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>)
    .nullable(),
);

export const externalIdSchema = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  // Printable ASCII: forward-auth sends it as a header (X-Keyplane-External-Id).
  z
    .string({ error: LIMIT_MESSAGES.externalId })
    .trim()
    .regex(/^[\x20-\x7e]{1,128}$/, LIMIT_MESSAGES.externalId)
    .nullable(),
);

export const topUpAmountSchema = wholeNumber(1, MAX_CREDITS, LIMIT_MESSAGES.topUp);

// ---------------------------------------------------------------------------------------------
// Stored JSON back to shapes (SQLite may hand a Json column back as its text).

function parsed(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

export function readRatelimits(value: unknown): KeyRatelimit[] {
  const result = ratelimitListSchema.safeParse(parsed(value));
  return result.success ? result.data : [];
}

export function readRefill(value: unknown): CreditRefill | null {
  const result = creditRefillSchema.safeParse(parsed(value));
  return result.success ? result.data : null;
}

export function readMeta(value: unknown): Record<string, unknown> | null {
  const object = parsed(value);
  return isRecord(object) ? object : null;
}

// ---------------------------------------------------------------------------------------------
// Refills: a balance belongs to a period (its start, YYYY-MM-DD in UTC). A spend in a later period
// than the stored one first resets the balance to the refill amount.

/** The start of the refill period `now` falls in: today (daily), or the last refill day (monthly). */
export function refillPeriod(refill: CreditRefill, now: number): string {
  const date = new Date(now);
  if (refill.interval === "daily")
    return isoDay(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const day = refill.day ?? 1;
  let year = date.getUTCFullYear();
  let month = date.getUTCMonth();
  if (date.getUTCDate() < Math.min(day, daysIn(year, month))) {
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
  }
  return isoDay(year, month, Math.min(day, daysIn(year, month)));
}

/** When the next refill happens (milliseconds since the epoch), for the console and the API. */
export function nextRefillAt(refill: CreditRefill, now: number): number {
  const start = Date.parse(`${refillPeriod(refill, now)}T00:00:00Z`);
  if (refill.interval === "daily") return start + DAY_MS;
  // The period after this one starts on the refill day of the following month.
  const next = new Date(start);
  const year = next.getUTCMonth() === 11 ? next.getUTCFullYear() + 1 : next.getUTCFullYear();
  const month = (next.getUTCMonth() + 1) % 12;
  return Date.UTC(year, month, Math.min(refill.day ?? 1, daysIn(year, month)));
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
