import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { expirySchema, booleanSchema, KEY_MESSAGES, keyPermissionsSchema } from "@/lib/keys/field-schemas";

const systemNameSchema = plainText(z.string().trim())
  .min(2, "System name must be at least 2 characters.")
  .max(64, "System name must be at most 64 characters.")
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u,
    "Use letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit.",
  );

const systemDescriptionSchema = plainText(
  z.string().trim().max(500, "Description must be at most 500 characters."),
);

export const createSystemSchema = z.strictObject({
  organizationId: z.string().min(1).max(64),
  name: systemNameSchema,
  description: systemDescriptionSchema.default(""),
});

/**
 * The console's create-system form: the system and, when `withKey` is on, its first key (a system
 * key). Key fields carry a `key` prefix so their errors land next to the right inputs. `withKey`
 * defaults to off so a caller that only sends a name and description gets just the system.
 */
export const createSystemWithKeySchema = createSystemSchema
  .extend({
    withKey: booleanSchema.default(false),
    keyLabel: plainText(
      z.string({ error: KEY_MESSAGES.label }).trim().max(100, KEY_MESSAGES.labelTooLong),
    ).default(""),
    keyPermissions: keyPermissionsSchema.default([]),
    keyExpiry: expirySchema,
  })
  .superRefine((input, ctx) => {
    if (input.withKey && input.keyLabel === "")
      ctx.addIssue({ code: "custom", path: ["keyLabel"], message: KEY_MESSAGES.label });
  });
export type CreateSystemWithKeyInput = z.input<typeof createSystemWithKeySchema>;

export const updateSystemSchema = z.strictObject({
  systemId: z.string().min(1).max(64),
  name: systemNameSchema,
  description: systemDescriptionSchema,
});

export const deleteSystemSchema = z.strictObject({
  systemId: z.string().min(1).max(64),
  confirmName: z.string().max(64),
});
