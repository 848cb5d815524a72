import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import type { OrgRole } from "@/lib/auth/permissions";
import { totpCodeSchema } from "@/lib/auth/totp-schemas";
import { expiryWarningDaysSchema } from "@/lib/keys/expiry-warnings";
import { LEAK_RESPONSES } from "@/lib/keys/policy";
import { booleanSchema, wholeNumberTextSchema } from "@/lib/keys/schemas";

// Organization settings forms: the key policy and the permission catalog. Shared by the forms
// and the server; cross-field policy rules (min ≤ default ≤ max) live in lib/keys/policy.ts.

const idSchema = z
  .string({ error: "That item is not valid." })
  .trim()
  .min(1, "That item is not valid.")
  .max(64, "That item is not valid.");
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

const SSO_MAPPING_MESSAGE =
  "Write one mapping per line, like keyplane-owners = owner (roles: owner, admin, auditor, member).";

/** "value = role" lines (README, "Single sign-on"): blank lines are skipped, a value appears once. */
const ssoMappingsSchema = z
  .string({ error: SSO_MAPPING_MESSAGE })
  .max(5000, "At most 5000 characters of mappings.")
  .transform((text, ctx) => {
    const mappings: { value: string; role: OrgRole }[] = [];
    for (const line of text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)) {
      const match = /^(.{1,200}?)\s*=\s*(owner|admin|auditor|member)$/.exec(line);
      const value = match?.[1]?.trim();
      if (!match || !value || /[\u0000-\u001f\u007f]/.test(value)) {
        ctx.addIssue({
          code: "custom",
          message: `${SSO_MAPPING_MESSAGE} Not understood: ${line.slice(0, 60)}`,
        });
        return z.NEVER;
      }
      if (mappings.some((m) => m.value === value)) {
        ctx.addIssue({ code: "custom", message: `"${value.slice(0, 60)}" is mapped twice.` });
        return z.NEVER;
      }
      mappings.push({ value, role: match[2] as OrgRole });
    }
    if (mappings.length > 50) {
      ctx.addIssue({ code: "custom", message: "At most 50 mappings." });
      return z.NEVER;
    }
    return mappings;
  });

/**
 * Single sign-on for the organization: the claim whose values map to roles (empty: no
 * just-in-time membership), the mappings, and "passwords off". Any change needs a fresh step-up.
 */
export const setSsoSettingsSchema = z.strictObject({
  organizationId: idSchema,
  claim: z
    .string({ error: "Enter a claim name like groups." })
    .trim()
    .max(64, "Claim names are at most 64 characters.")
    .regex(/^[A-Za-z0-9_.:/-]*$/, "Claim names use letters, digits and _ . : / - only."),
  mappings: ssoMappingsSchema,
  requireSso: booleanSchema,
  totpCode: totpCodeSchema,
});
