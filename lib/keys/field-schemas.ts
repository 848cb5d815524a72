import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { MAX_CIDR_ENTRIES, normalizeCidrList } from "./cidr";
import { validateCustomSecret } from "./custom-secret";
import { GRACE_PRESET_NAMES } from "./grace";
import { POLICY_MAX_DAYS_CEILING } from "./policy";

// The fields of the key forms, each once: what a form holds (text for dates, days and IP ranges,
// lists for checkbox groups, booleans for switches) to the value a core takes, with the message a
// person reads. The operations' schemas (schemas.ts) are built from them; the REST API's JSON
// variants are at the end of this file.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DIGITS = /^\d+$/;
const MAX_PERMISSIONS_PER_KEY = 100;
const MAX_SYSTEM_LIMITS_PER_KEY = 100;

export const KEY_MESSAGES = {
  label: "Enter a label.",
  labelTooLong: "Label must be at most 100 characters.",
  descriptionTooLong: "Description must be at most 500 characters.",
  expiry: "Enter a date or a number of days.",
  lifetimeDays: "Lifetime must be a whole number of days.",
  date: "Enter a valid date.",
  version: "Reload the key and try again.",
  grace: "Choose when the old secret stops working: now, 1 hour, 24 hours, 7 days or a date.",
  slot: "Choose the primary or the secondary secret.",
  confirmLabel: "Type the key's label to confirm.",
  permissions: "Choose permissions from the catalog.",
  tooManyPermissions: `A key can hold at most ${MAX_PERMISSIONS_PER_KEY} permissions.`,
  systemLimits: "Choose systems of this organization.",
  tooManySystemLimits: `A key can be limited to at most ${MAX_SYSTEM_LIMITS_PER_KEY} systems.`,
  cidrs: "Enter IP ranges such as 10.0.0.0/8 or 2001:db8::/32.",
  boolean: "Choose yes or no.",
  id: "That item is not valid.",
} as const;

export const blankToNull = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? null : value;
export const idSchema = z
  .string({ error: KEY_MESSAGES.id })
  .trim()
  .min(1, KEY_MESSAGES.id)
  .max(64, KEY_MESSAGES.id);
const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** ISO text to a Date, or null. JavaScript rolls "2027-02-31" over to March; that is refused. */
function parseIsoDate(text: string): Date | null {
  const match = ISO_DATE.exec(text) ? /^(\d{4})-(\d{2})-(\d{2})/.exec(text) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const date = new Date(text);
  return Number.isFinite(date.getTime()) ? date : null;
}

/** ISO date text ("2027-01-31" or a full timestamp) to a Date. */
export const dateTextSchema = z.string({ error: KEY_MESSAGES.date }).transform((text, ctx) => {
  const date = parseIsoDate(text.trim());
  if (date) return date;
  ctx.addIssue({ code: "custom", message: KEY_MESSAGES.date });
  return z.NEVER;
});

/** Digits (what a number field holds) to a whole number. */
export function wholeNumberTextSchema(message: string) {
  return z
    .string({ error: message })
    .trim()
    .regex(DIGITS, message)
    .transform(Number)
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER, message));
}

/** A switch or checkbox: true or false. */
export const booleanSchema = z.boolean({ error: KEY_MESSAGES.boolean });

export const keyLabelSchema = plainText(
  z
    .string({ error: KEY_MESSAGES.label })
    .trim()
    .min(1, KEY_MESSAGES.label)
    .max(100, KEY_MESSAGES.labelTooLong),
);

export const keyDescriptionSchema = plainText(z.string().trim().max(500, KEY_MESSAGES.descriptionTooLong));

/** Permission names from the catalog; duplicates collapse. Existence is checked on the server. */
export const keyPermissionsSchema = z
  .array(
    z
      .string({ error: KEY_MESSAGES.permissions })
      .trim()
      .min(1, KEY_MESSAGES.permissions)
      .max(64, KEY_MESSAGES.permissions),
    {
      error: KEY_MESSAGES.permissions,
    },
  )
  .max(MAX_PERMISSIONS_PER_KEY, KEY_MESSAGES.tooManyPermissions)
  .transform((names) => [...new Set(names)].sort());

/** Each range checked and normalized; one message for the field, naming the first bad entry. */
function normalizeCidrs(list: string[], ctx: z.RefinementCtx): string[] {
  if (list.length > MAX_CIDR_ENTRIES) {
    ctx.addIssue({ code: "custom", message: `At most ${MAX_CIDR_ENTRIES} IP ranges are allowed.` });
    return z.NEVER;
  }
  const result = normalizeCidrList(list);
  if (result.ok) return result.cidrs;
  const first = result.errors[0];
  const entry = first ? list[first.index] : undefined;
  ctx.addIssue({
    code: "custom",
    message: first && entry !== undefined ? `“${entry.trim()}”: ${first.message}.` : KEY_MESSAGES.cidrs,
  });
  return z.NEVER;
}

/** One range per line (commas and spaces also separate). */
function splitCidrText(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part !== "");
}

/** IP ranges as the form's text. */
export const allowedCidrsSchema = z
  .string({ error: KEY_MESSAGES.cidrs })
  .transform((text, ctx) => normalizeCidrs(splitCidrText(text), ctx));

export const systemLimitsSchema = z
  .array(idSchema, { error: KEY_MESSAGES.systemLimits })
  .max(MAX_SYSTEM_LIMITS_PER_KEY, KEY_MESSAGES.tooManySystemLimits)
  .transform((ids) => [...new Set(ids)]);

export type ExpiryChoice = { days: number } | { date: Date };

/** What a create form's expiry holds, or what the REST API's `expiry` sends; a string is a message. */
function toExpiryChoice(value: string | number | undefined): ExpiryChoice | undefined | string {
  if (value === undefined) return undefined;
  if (typeof value === "number") {
    const valid = Number.isSafeInteger(value) && value >= 1 && value <= POLICY_MAX_DAYS_CEILING;
    return valid ? { days: value } : KEY_MESSAGES.lifetimeDays;
  }
  const text = value.trim();
  if (text === "") return undefined;
  if (DIGITS.test(text)) return toExpiryChoice(Number(text));
  if (!ISO_DATE.test(text)) return KEY_MESSAGES.expiry;
  const date = parseIsoDate(text);
  return date ? { date } : KEY_MESSAGES.date;
}

function expiryChoice(value: string | number | undefined, ctx: z.RefinementCtx): ExpiryChoice | undefined {
  const choice = toExpiryChoice(value);
  if (typeof choice !== "string") return choice;
  ctx.addIssue({ code: "custom", message: choice });
  return z.NEVER;
}

/**
 * Expiry on create, as the form holds it: blank = the policy's default lifetime; digits = that many
 * days from now; an ISO date or timestamp = that moment. Policy bounds are checked on the server.
 */
export const expirySchema = z.string({ error: KEY_MESSAGES.expiry }).optional().transform(expiryChoice);

export const customSecretSchema = z
  .preprocess(blankToUndefined, z.string().optional())
  .superRefine((value, ctx) => {
    if (value === undefined) return;
    const check = validateCustomSecret(value);
    if (!check.ok) ctx.addIssue({ code: "custom", message: `${check.message}.` });
  });

/** The version a change is based on: a number the page was rendered with, never typed. */
export const expectedVersionSchema = z
  .number({ error: KEY_MESSAGES.version })
  .int(KEY_MESSAGES.version)
  .min(1, KEY_MESSAGES.version)
  .max(Number.MAX_SAFE_INTEGER, KEY_MESSAGES.version);
export const confirmLabelSchema = z
  .string({ error: KEY_MESSAGES.confirmLabel })
  .max(200, KEY_MESSAGES.confirmLabel);
export const secretSlotSchema = z.enum(["primary", "secondary"], { error: KEY_MESSAGES.slot });

export const graceSchema = z.union([z.enum(GRACE_PRESET_NAMES), z.strictObject({ until: dateTextSchema })], {
  error: KEY_MESSAGES.grace,
});

// The REST API's JSON variants: a number of days for the expiry, a list for the IP ranges (each
// also takes the form's text, as it always has).

/** Expiry in a JSON body: a number of days, or the form's text (digits or an ISO date). */
export const expiryJsonSchema = z
  .union([z.number(), z.string()], { error: KEY_MESSAGES.expiry })
  .optional()
  .transform(expiryChoice);

/** IP ranges in a JSON body: a list, or the form's text. */
export const allowedCidrsJsonSchema = z
  .union([z.array(z.string()), z.string()], { error: KEY_MESSAGES.cidrs })
  .transform((value, ctx) => normalizeCidrs(typeof value === "string" ? splitCidrText(value) : value, ctx));
