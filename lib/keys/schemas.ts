import { z } from "zod";
import { optionalTotpCodeSchema, totpCodeSchema } from "@/lib/auth/totp-schemas";
import { MAX_CIDR_ENTRIES, normalizeCidrList } from "./cidr";
import { validateCustomSecret } from "./custom-secret";
import { POLICY_MAX_DAYS_CEILING } from "./policy";

// One schema per key form, used by react-hook-form on the client and parsed again on the server.
// The client sends the parsed output back to the server action, so every schema accepts its own
// output as input (Date objects as well as strings, arrays as well as text).

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DIGITS = /^\d+$/;
export const MAX_PERMISSIONS_PER_KEY = 100;
export const MAX_SYSTEM_LIMITS_PER_KEY = 100;

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

/** A date as a Date or as ISO text ("2027-01-31" or a full timestamp). */
export const dateInputSchema = z
  .union([z.date(), z.string()], { error: KEY_MESSAGES.date })
  .transform((value, ctx) => {
    const date = typeof value === "string" ? parseIsoDate(value.trim()) : value;
    if (date && Number.isFinite(date.getTime())) return date;
    ctx.addIssue({ code: "custom", message: KEY_MESSAGES.date });
    return z.NEVER;
  });

/** A whole number as a number or as digits (form fields send text). */
export function wholeNumberSchema(message: string) {
  return z.preprocess(
    (value) => (typeof value === "string" && DIGITS.test(value.trim()) ? Number(value.trim()) : value),
    z.number({ error: message }).int(message).min(0, message).max(Number.MAX_SAFE_INTEGER, message),
  );
}

/** Checkboxes and switches send "on", "true" or nothing. */
export const formBooleanSchema = z.preprocess(
  (value) => {
    if (value === undefined || value === "" || value === "false" || value === "off" || value === "0")
      return false;
    if (value === "true" || value === "on" || value === "1") return true;
    return value;
  },
  z.boolean({ error: KEY_MESSAGES.boolean }),
);

export const keyLabelSchema = z
  .string({ error: KEY_MESSAGES.label })
  .trim()
  .min(1, KEY_MESSAGES.label)
  .max(100, KEY_MESSAGES.labelTooLong);

export const keyDescriptionSchema = z.string().trim().max(500, KEY_MESSAGES.descriptionTooLong);

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

/** IP ranges as a list, or as text with one range per line (commas and spaces also separate). */
export const allowedCidrsSchema = z
  .union([z.array(z.string()), z.string()], { error: KEY_MESSAGES.cidrs })
  .transform((value, ctx) => {
    const list = typeof value === "string" ? value.split(/[\s,]+/).filter((part) => part !== "") : value;
    if (list.length > MAX_CIDR_ENTRIES) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_CIDR_ENTRIES} IP ranges are allowed.` });
      return z.NEVER;
    }
    const result = normalizeCidrList(list);
    if (result.ok) return result.cidrs;
    // One message for the field (forms show it under the input), naming the first bad entry.
    const first = result.errors[0];
    const entry = first ? list[first.index] : undefined;
    ctx.addIssue({
      code: "custom",
      message: first && entry !== undefined ? `“${entry.trim()}”: ${first.message}.` : KEY_MESSAGES.cidrs,
    });
    return z.NEVER;
  });

export const systemLimitsSchema = z
  .array(idSchema, { error: KEY_MESSAGES.systemLimits })
  .max(MAX_SYSTEM_LIMITS_PER_KEY, KEY_MESSAGES.tooManySystemLimits)
  .transform((ids) => [...new Set(ids)]);

export type ExpiryChoice = { days: number } | { date: Date };

/**
 * Expiry on create: omitted or blank = the policy's default lifetime; a number (or digits) = that
 * many days from now; a date (or ISO text) = that moment. Policy bounds are checked on the server.
 */
export const expirySchema = z
  .union(
    [
      z.string(),
      z.number(),
      z.date(),
      z.strictObject({ days: z.number() }),
      z.strictObject({ date: z.date() }),
    ],
    {
      error: KEY_MESSAGES.expiry,
    },
  )
  .optional()
  .transform((value, ctx): ExpiryChoice | undefined => {
    const choice = toExpiryChoice(value);
    if (typeof choice !== "string") return choice;
    ctx.addIssue({ code: "custom", message: choice });
    return z.NEVER;
  });

function toExpiryChoice(
  value: string | number | Date | ExpiryChoice | undefined,
): ExpiryChoice | undefined | string {
  if (value === undefined) return undefined;
  if (typeof value === "string") {
    const text = value.trim();
    if (text === "") return undefined;
    if (DIGITS.test(text)) return toExpiryChoice(Number(text));
    if (!ISO_DATE.test(text)) return KEY_MESSAGES.expiry;
    const date = parseIsoDate(text);
    return date ? { date } : KEY_MESSAGES.date;
  }
  if (typeof value === "number") return toExpiryChoice({ days: value });
  if (value instanceof Date) return toExpiryChoice({ date: value });
  if ("days" in value) {
    const valid =
      Number.isSafeInteger(value.days) && value.days >= 1 && value.days <= POLICY_MAX_DAYS_CEILING;
    return valid ? { days: value.days } : KEY_MESSAGES.lifetimeDays;
  }
  return Number.isFinite(value.date.getTime()) ? { date: value.date } : KEY_MESSAGES.date;
}

const customSecretSchema = z.preprocess(blankToUndefined, z.string().optional()).superRefine((value, ctx) => {
  if (value === undefined) return;
  const check = validateCustomSecret(value);
  if (!check.ok) ctx.addIssue({ code: "custom", message: `${check.message}.` });
});

const expectedVersionSchema = wholeNumberSchema(KEY_MESSAGES.version).pipe(
  z.number().min(1, KEY_MESSAGES.version),
);
const confirmLabelSchema = z.string({ error: KEY_MESSAGES.confirmLabel }).max(200, KEY_MESSAGES.confirmLabel);
export const secretSlotSchema = z.enum(["primary", "secondary"], { error: KEY_MESSAGES.slot });
export type SecretSlot = z.output<typeof secretSlotSchema>;

export const GRACE_PRESETS = ["now", "1h", "24h", "7d"] as const;
export const graceSchema = z.union([z.enum(GRACE_PRESETS), z.strictObject({ until: dateInputSchema })], {
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
  withSecondary: formBooleanSchema.default(false),
  customSecret: customSecretSchema,
  systemLimits: systemLimitsSchema.default([]),
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
  expiresAt: dateInputSchema.optional(),
  systemLimits: systemLimitsSchema.optional(),
  /** Needed (and only then checked) when the edit widens the key: see lib/keys/grants.ts. */
  totpCode: optionalTotpCodeSchema,
});
export type UpdateKeyInput = z.input<typeof updateKeySchema>;

export const setKeyStateSchema = z.strictObject({ keyId: idSchema, expectedVersion: expectedVersionSchema });
export type SetKeyStateInput = z.input<typeof setKeyStateSchema>;

export const rollKeySchema = z.strictObject({
  keyId: idSchema,
  expectedVersion: expectedVersionSchema,
  grace: graceSchema,
  totpCode: totpCodeSchema,
});
export type RollKeyInput = z.input<typeof rollKeySchema>;

export const regenerateSecretSchema = z.strictObject({
  keyId: idSchema,
  slot: secretSlotSchema,
  confirmLabel: confirmLabelSchema,
  totpCode: totpCodeSchema,
});
export type RegenerateSecretInput = z.input<typeof regenerateSecretSchema>;

export const revokeKeySchema = z.strictObject({
  keyId: idSchema,
  confirmLabel: confirmLabelSchema,
  totpCode: totpCodeSchema,
});
export type RevokeKeyInput = z.input<typeof revokeKeySchema>;

export const deleteKeySchema = z.strictObject({ keyId: idSchema, totpCode: totpCodeSchema });
export type DeleteKeyInput = z.input<typeof deleteKeySchema>;

export const viewSecretSchema = z.strictObject({
  keyId: idSchema,
  slot: secretSlotSchema,
  totpCode: totpCodeSchema,
});
export type ViewSecretInput = z.input<typeof viewSecretSchema>;
