import { z } from "zod";
import { plainText } from "@/lib/plain-text";

// Shared by the forms (zodResolver) and the server (parsed again); messages are the UI's.
export const organizationNameSchema = plainText(
  z
    .string()
    .trim()
    .min(2, "Organization name must be at least 2 characters.")
    .max(64, "Organization name must be at most 64 characters."),
);

export const createOrganizationSchema = z.strictObject({ name: organizationNameSchema });

/** A URL-safe slug from a display name: lower case, dashes, at most 48 characters. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return slug || "item";
}
