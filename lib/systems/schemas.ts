import { z } from "zod";

export const systemNameSchema = z
  .string()
  .trim()
  .min(2, "System name must be at least 2 characters.")
  .max(64, "System name must be at most 64 characters.")
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u,
    "Use letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit.",
  );

export const systemDescriptionSchema = z
  .string()
  .trim()
  .max(500, "Description must be at most 500 characters.");

export const createSystemSchema = z.strictObject({
  organizationId: z.string().min(1).max(64),
  name: systemNameSchema,
  description: systemDescriptionSchema.default(""),
});
export type CreateSystemInput = z.input<typeof createSystemSchema>;

export const updateSystemSchema = z.strictObject({
  systemId: z.string().min(1).max(64),
  name: systemNameSchema,
  description: systemDescriptionSchema,
});
export type UpdateSystemInput = z.input<typeof updateSystemSchema>;

export const deleteSystemSchema = z.strictObject({
  systemId: z.string().min(1).max(64),
  confirmName: z.string().max(64),
});
