import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { optionalTotpCodeSchema, totpCodeSchema } from "@/lib/auth/totp-schemas";
import { MAX_CIDR_ENTRIES, normalizeCidrList } from "./cidr";
import { validateCustomSecret } from "./custom-secret";
import { GRACE_PRESET_NAMES } from "./grace";
import { KEY_FILTER_STATES } from "./list-params";
import {
  creditsFormSchema,
  externalIdSchema,
  keyMetaFormSchema,
  ratelimitsFormSchema,
  topUpAmountFormSchema,
} from "./limits";
import { POLICY_MAX_DAYS_CEILING } from "./policy";

// One schema per key form, used by react-hook-form on the client and parsed again on the server.
// Forms submit their raw values (zodResolver's raw mode), so each schema reads what a form holds:
// text for dates, days, IP ranges, numbers and metadata, lists for checkbox groups, booleans for
// switches. The REST API's bodies (lib/api/schemas/keys.ts) take the JSON variants at the end of
// this file and in lib/keys/limits.ts.

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

const idSchema = z.string({ error: KEY_MESSAGES.id }).trim().min(1, KEY_MESSAGES.id).max(64, KEY_MESSAGES.id);
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
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
const dateTextSchema = z.string({ error: KEY_MESSAGES.date }).transform((text, ctx) => {
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

const keyLabelSchema = plainText(
  z
    .string({ error: KEY_MESSAGES.label })
    .trim()
    .min(1, KEY_MESSAGES.label)
    .max(100, KEY_MESSAGES.labelTooLong),
);

const keyDescriptionSchema = plainText(z.string().trim().max(500, KEY_MESSAGES.descriptionTooLong));

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
const allowedCidrsSchema = z
  .string({ error: KEY_MESSAGES.cidrs })
  .transform((text, ctx) => normalizeCidrs(splitCidrText(text), ctx));

const systemLimitsSchema = z
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

const customSecretSchema = z.preprocess(blankToUndefined, z.string().optional()).superRefine((value, ctx) => {
  if (value === undefined) return;
  const check = validateCustomSecret(value);
  if (!check.ok) ctx.addIssue({ code: "custom", message: `${check.message}.` });
});

/** The version a change is based on: a number the page was rendered with, never typed. */
const expectedVersionSchema = z
  .number({ error: KEY_MESSAGES.version })
  .int(KEY_MESSAGES.version)
  .min(1, KEY_MESSAGES.version)
  .max(Number.MAX_SAFE_INTEGER, KEY_MESSAGES.version);
const confirmLabelSchema = z.string({ error: KEY_MESSAGES.confirmLabel }).max(200, KEY_MESSAGES.confirmLabel);
const secretSlotSchema = z.enum(["primary", "secondary"], { error: KEY_MESSAGES.slot });
export type SecretSlot = z.output<typeof secretSlotSchema>;

const graceSchema = z.union([z.enum(GRACE_PRESET_NAMES), z.strictObject({ until: dateTextSchema })], {
  error: KEY_MESSAGES.grace,
});

export const createKeySchema = z.strictObject({
  organizationId: idSchema,
  systemId: z.preprocess(blankToNull, idSchema.nullable()).default(null),
  label: keyLabelSchema,
  description: keyDescriptionSchema.default(""),
  permissions: keyPermissionsSchema.default([]),
  allowedCidrs: allowedCidrsSchema.default([]),
  expiry: expirySchema,
  withSecondary: booleanSchema.default(false),
  customSecret: customSecretSchema,
  systemLimits: systemLimitsSchema.default([]),
  ratelimits: ratelimitsFormSchema.default([]),
  /** A blank balance = the key spends no credits. */
  credits: creditsFormSchema.default(null),
  meta: keyMetaFormSchema.default(null),
  externalId: externalIdSchema.default(null),
  /** Needed (and only then checked) when the key holds keys:manage: see lib/keys/grants.ts. */
  totpCode: optionalTotpCodeSchema,
});
export type CreateKeyInput = z.input<typeof createKeySchema>;

/** Every editable field is optional: what is omitted stays as it is. */
export const updateKeySchema = z.strictObject({
  keyId: idSchema,
  expectedVersion: expectedVersionSchema,
  label: keyLabelSchema.optional(),
  description: keyDescriptionSchema.optional(),
  permissions: keyPermissionsSchema.optional(),
  allowedCidrs: allowedCidrsSchema.optional(),
  expiresAt: dateTextSchema.optional(),
  systemLimits: systemLimitsSchema.optional(),
  ratelimits: ratelimitsFormSchema.optional(),
  /** Sets the balance (and refill); a blank balance stops metering the key. */
  credits: creditsFormSchema.optional(),
  meta: keyMetaFormSchema.optional(),
  externalId: externalIdSchema.optional(),
  /** Needed (and only then checked) when the edit widens the key: see lib/keys/grants.ts. */
  totpCode: optionalTotpCodeSchema,
});

/** "Top up": the credits to add, as the details panel's field holds them. */
export const topUpCreditsSchema = z.strictObject({ keyId: idSchema, amount: topUpAmountFormSchema });

export const setKeyStateSchema = z.strictObject({ keyId: idSchema, expectedVersion: expectedVersionSchema });

export const rollKeySchema = z.strictObject({
  keyId: idSchema,
  expectedVersion: expectedVersionSchema,
  grace: graceSchema,
  totpCode: totpCodeSchema,
});

export const regenerateSecretSchema = z.strictObject({
  keyId: idSchema,
  slot: secretSlotSchema,
  confirmLabel: confirmLabelSchema,
  totpCode: totpCodeSchema,
});

export const endGraceSchema = z.strictObject({ keyId: idSchema, totpCode: totpCodeSchema });

/** The impact preview's read (lib/usage/impact.ts): no change, so no step-up. */
export const keyImpactSchema = z.strictObject({ keyId: idSchema });

export const revokeKeySchema = z.strictObject({
  keyId: idSchema,
  confirmLabel: confirmLabelSchema,
  totpCode: totpCodeSchema,
});

/** "Report a leaked secret": pasted text holding one or more kp_ secrets (README.md, "Leaked keys"). */
export const reportLeakSchema = z.strictObject({
  organizationId: idSchema,
  text: z
    .string({ error: "Paste the secret, or text that contains it." })
    .min(1, "Paste the secret, or text that contains it.")
    .max(64 * 1024, "Paste at most 64 KiB of text."),
  /** Asked for when the key policy revokes leaked keys (revoking needs a fresh step-up). */
  totpCode: optionalTotpCodeSchema,
});

export const deleteKeySchema = z.strictObject({ keyId: idSchema, totpCode: totpCodeSchema });

export const viewSecretSchema = z.strictObject({
  keyId: idSchema,
  slot: secretSlotSchema,
  totpCode: totpCodeSchema,
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

/** At most this many keys per bulk request; they are changed in transactions of BULK_BATCH_SIZE. */
export const BULK_MAX_KEYS = 10_000;
const BULK_ACTIONS = ["disable", "enable", "revoke"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

const bulkKeyIdsSchema = z
  .array(idSchema, { error: "Choose the keys." })
  .min(1, "Choose at least one key.")
  .max(BULK_MAX_KEYS, `At most ${BULK_MAX_KEYS} keys at once.`);

/**
 * The console's bulk action: the keys chosen in the table, or every key matching its filter
 * (`filter`, the table's own URL parameters) in the page's scope. `confirm` is the typed
 * "revoke 12 keys" and the code the step-up of a revocation; a dry run needs neither.
 */
export const bulkKeysSchema = z.strictObject({
  organizationId: idSchema,
  systemId: z.preprocess(blankToNull, idSchema.nullable()).default(null),
  action: z.enum(BULK_ACTIONS, { error: "Choose disable, enable or revoke." }),
  keyIds: bulkKeyIdsSchema.optional(),
  filter: z
    .strictObject({
      q: z.string().max(200).optional(),
      state: z.array(z.enum(KEY_FILTER_STATES)).max(KEY_FILTER_STATES.length).optional(),
      expiresWithin: z.number().int().min(1).max(POLICY_MAX_DAYS_CEILING).optional(),
    })
    .optional(),
  dryRun: z.boolean().default(false),
  confirm: z.string().max(100).optional(),
  totpCode: optionalTotpCodeSchema,
});
export type BulkKeysInput = z.input<typeof bulkKeysSchema>;

/** The REST twin: the keys by id, in the calling key's organization. */
export const bulkKeysBodyFields = { action: bulkKeysSchema.shape.action, keyIds: bulkKeyIdsSchema };

/** The words a person types to confirm a bulk revocation. */
export function bulkRevokeConfirmation(count: number): string {
  return `revoke ${count} ${count === 1 ? "key" : "keys"}`;
}

/** "Which key is this?": a pasted secret, a key id or the last 4 characters of a secret. */
export const findKeySchema = z.strictObject({
  query: z
    .string({ error: "Paste a secret, or type a key id or the last 4 characters." })
    .trim()
    .min(4, "Paste a secret, or type a key id or the last 4 characters.")
    .max(1024, "That is longer than any key's secret."),
});
