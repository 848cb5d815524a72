import { z } from "zod";
import { optionalTotpCodeSchema, totpCodeSchema } from "@/lib/auth/totp-schemas";
import {
  allowedCidrsSchema,
  blankToNull,
  booleanSchema,
  confirmLabelSchema,
  customSecretSchema,
  dateTextSchema,
  expectedVersionSchema,
  expirySchema,
  graceSchema,
  idSchema,
  keyDescriptionSchema,
  keyLabelSchema,
  keyPermissionsSchema,
  secretSlotSchema,
  systemLimitsSchema,
} from "./field-schemas";
import { KEY_FILTER_STATES } from "./list-params";
import {
  creditsFormSchema,
  externalIdSchema,
  keyMetaFormSchema,
  ratelimitsFormSchema,
  topUpAmountFormSchema,
} from "./limits";
import { POLICY_MAX_DAYS_CEILING } from "./policy";

// One schema per key operation, used by react-hook-form on the client and parsed again on the
// server. Forms submit their raw values (zodResolver's raw mode), so each schema reads what a form
// holds (text for dates, days, IP ranges, numbers and metadata); the fields are in field-schemas.ts.
// The REST API's bodies (lib/api/schemas/keys.ts) take the JSON variants at the end of
// field-schemas.ts and in lib/keys/limits.ts.

export type SecretSlot = z.output<typeof secretSlotSchema>;

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
