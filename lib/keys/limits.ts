import { z } from "zod";
import { DAY_MS } from "@/lib/time";

// What a key may carry besides its reach (README, "Rate limits, credits and metadata"): named rate
// limits, a balance of usage credits with an optional refill, a metadata object and the caller's
// own id for the customer or workload. The schemas are shared by the forms, the REST bodies and
// the CLI; the readers turn stored JSON back into these shapes (tolerantly: bad stored data reads
// as "none", never as a crash on the verify path); refillPeriod is the one rule for refills.

export const MAX_RATELIMITS_PER_KEY = 10;
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
  refillNeedsCredits: "Enter the credits a refill starts from.",
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Up to ten limits with distinct names, sorted by name, whatever shape a row is read from. */
function ratelimitList<Row>(row: z.ZodType<KeyRatelimit, Row>) {
  return z
    .array(row, { error: LIMIT_MESSAGES.ratelimitName })
    .max(MAX_RATELIMITS_PER_KEY, LIMIT_MESSAGES.tooManyRatelimits)
    .refine(
      (list) => new Set(list.map((l) => l.name)).size === list.length,
      LIMIT_MESSAGES.duplicateRatelimit,
    )
    .transform((list) => [...list].sort((a, b) => a.name.localeCompare(b.name)));
}
const ratelimitListSchema = ratelimitList(ratelimitSchema);

const creditRefillSchema = z.strictObject({
  interval: z.enum(CREDIT_INTERVALS, { error: 'The refill interval is "daily" or "monthly".' }),
  amount: wholeNumber(1, MAX_CREDITS, LIMIT_MESSAGES.refillAmount),
  /** Monthly only: the day of the month (default 1). */
  day: wholeNumber(1, 31, LIMIT_MESSAGES.refillDay).optional(),
});
export type CreditRefill = z.output<typeof creditRefillSchema>;
export type KeyCredits = { remaining: number; refill: CreditRefill | null };

const keyMetaObjectSchema = z
  .record(z.string(), z.unknown(), { error: LIMIT_MESSAGES.meta })
  .refine(
    (value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_META_BYTES,
    LIMIT_MESSAGES.metaTooLarge,
  )
  .transform((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);

/** The caller's id for the customer or workload; blank is none. The same text in forms and JSON. */
export const externalIdSchema = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  // Printable ASCII: forward-auth sends it as a header (X-Keyplane-External-Id).
  z
    .string({ error: LIMIT_MESSAGES.externalId })
    .trim()
    .regex(/^[\x20-\x7e]{1,128}$/, LIMIT_MESSAGES.externalId)
    .nullable(),
);

// ---------------------------------------------------------------------------------------------
// JSON shapes: the REST API's bodies (lib/api/schemas/keys.ts) and the CLI send these.

/** Up to ten named limits, sorted by name. */
export const ratelimitsJsonSchema = ratelimitListSchema;

/** null = the key spends no credits. */
export const creditsJsonSchema = z
  .strictObject({
    remaining: wholeNumber(0, MAX_CREDITS, LIMIT_MESSAGES.credits),
    refill: creditRefillSchema.nullable().optional(),
  })
  .nullable();

export const keyMetaJsonSchema = keyMetaObjectSchema.nullable();

export const topUpAmountJsonSchema = wholeNumber(1, MAX_CREDITS, LIMIT_MESSAGES.topUp);

// ---------------------------------------------------------------------------------------------
// Form shapes: what the key forms hold (text in number fields, metadata as JSON text, a checkbox
// per limit), each read into the same value the JSON shape gives. Forms submit their raw values
// (zodResolver's raw mode), and the server action parses them again with these.

/** Digits (what a number field holds) to a whole number from min to max. */
function wholeNumberText(min: number, max: number, message: string) {
  return z
    .string({ error: message })
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(wholeNumber(min, max, message));
}

const ratelimitFormSchema = z.strictObject({
  name: ratelimitNameSchema,
  limit: wholeNumberText(1, MAX_CREDITS, LIMIT_MESSAGES.ratelimitLimit),
  durationMs: wholeNumberText(1000, MAX_DURATION_MS, LIMIT_MESSAGES.ratelimitDuration),
  autoApply: z.boolean(),
});
export type KeyRatelimitForm = z.input<typeof ratelimitFormSchema>;

/** One row per limit (the form adds and removes rows); the list rules are the JSON shape's. */
export const ratelimitsFormSchema = ratelimitList(ratelimitFormSchema);

const creditsFormFields = {
  remaining: wholeNumberText(0, MAX_CREDITS, LIMIT_MESSAGES.credits),
  amount: wholeNumberText(1, MAX_CREDITS, LIMIT_MESSAGES.refillAmount),
  day: wholeNumberText(1, 31, LIMIT_MESSAGES.refillDay),
};

/**
 * Credits as the form holds them: a blank balance is "no credits"; a refill interval of "" is
 * "never" (its amount and day are then ignored); a blank monthly day is day 1.
 */
export const creditsFormSchema = z
  .strictObject(
    {
      remaining: z.string({ error: LIMIT_MESSAGES.credits }),
      refill: z.strictObject({
        interval: z.enum(["", ...CREDIT_INTERVALS], {
          error: 'The refill interval is "daily" or "monthly".',
        }),
        amount: z.string({ error: LIMIT_MESSAGES.refillAmount }),
        day: z.string({ error: LIMIT_MESSAGES.refillDay }),
      }),
    },
    { error: LIMIT_MESSAGES.credits },
  )
  .transform((form, ctx): z.output<typeof creditsJsonSchema> => {
    const { interval, amount, day } = form.refill;
    if (form.remaining.trim() === "") {
      if (interval !== "")
        ctx.addIssue({ code: "custom", path: ["remaining"], message: LIMIT_MESSAGES.refillNeedsCredits });
      return null;
    }
    const remaining = fieldValue(creditsFormFields.remaining, form.remaining, ["remaining"], ctx);
    if (interval === "") return { remaining, refill: null };
    const refill: CreditRefill = {
      interval,
      amount: fieldValue(creditsFormFields.amount, amount, ["refill", "amount"], ctx),
    };
    if (interval === "monthly" && day.trim() !== "")
      refill.day = fieldValue(creditsFormFields.day, day, ["refill", "day"], ctx);
    return { remaining, refill };
  });
export type KeyCreditsForm = z.input<typeof creditsFormSchema>;

/** `schema`'s value for one field of an object, its issues placed at that field. */
function fieldValue<T>(schema: z.ZodType<T, string>, text: string, path: string[], ctx: z.RefinementCtx): T {
  const result = schema.safeParse(text);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: "custom", path, message: issue.message });
  return z.NEVER;
}

/** Metadata as JSON text; blank is none. */
export const keyMetaFormSchema = z
  .string({ error: LIMIT_MESSAGES.meta })
  .transform((text, ctx): unknown => {
    if (text.trim() === "") return null;
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: LIMIT_MESSAGES.meta });
      return z.NEVER;
    }
  })
  .pipe(keyMetaJsonSchema);

export const topUpAmountFormSchema = wholeNumberText(1, MAX_CREDITS, LIMIT_MESSAGES.topUp);

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
