import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { totpCodeSchema } from "@/lib/auth/totp-schemas";
import { expiryWarningDaysSchema } from "@/lib/keys/expiry-warnings";
import { LEAK_RESPONSES } from "@/lib/keys/policy";
import { booleanSchema, idSchema, wholeNumberTextSchema } from "@/lib/keys/field-schemas";

// Organization settings forms: the key policy and the permission catalog. Shared by the forms
// and the server; cross-field policy rules (min ≤ default ≤ max) live in lib/keys/policy.ts.

const days = (what: string) => wholeNumberTextSchema(`${what} must be a whole number of days.`);

export const updateKeyPolicySchema = z.strictObject({
  organizationId: idSchema,
  defaultLifetimeDays: days("Default lifetime"),
  minLifetimeDays: days("Minimum lifetime"),
  maxLifetimeDays: days("Maximum lifetime"),
  allowCustomSecrets: booleanSchema,
  retrievableSecrets: booleanSchema,
  /** Omitted: unchanged. */
  expiryWarningDays: expiryWarningDaysSchema.optional(),
  /** What a reported leak does to the key; omitted: unchanged. */
  leakResponse: z.enum(LEAK_RESPONSES, { error: "Choose disable or revoke." }).optional(),
  /** Every policy change needs a fresh step-up (README, "Security model"). */
  totpCode: totpCodeSchema,
});

/** "Require two-factor for owners and admins": either way, a fresh step-up (README, "Security model"). */
export const setTwoFactorRequirementSchema = z.strictObject({
  organizationId: idSchema,
  requireTwoFactor: booleanSchema,
  totpCode: totpCodeSchema,
});

const PERMISSION_NAME_MESSAGE = "Use lower-case words separated by colons, like catalog:register.";

/** "resource:action" style: lower-case segments (letters, digits, - and _) joined by ":". */
const permissionNameSchema = z
  .string({ error: PERMISSION_NAME_MESSAGE })
  .trim()
  .min(3, "Permission names are at least 3 characters.")
  .max(64, "Permission names are at most 64 characters.")
  .regex(/^[a-z][a-z0-9_-]*(?::[a-z0-9][a-z0-9_-]*)+$/, PERMISSION_NAME_MESSAGE);

const permissionDescriptionSchema = plainText(
  z.string().trim().max(200, "Description must be at most 200 characters."),
);

export const addPermissionSchema = z.strictObject({
  organizationId: idSchema,
  name: permissionNameSchema,
  description: permissionDescriptionSchema.default(""),
});

export const updatePermissionSchema = z.strictObject({
  organizationId: idSchema,
  permissionId: idSchema,
  description: permissionDescriptionSchema,
});

export const removePermissionSchema = z.strictObject({ organizationId: idSchema, permissionId: idSchema });
