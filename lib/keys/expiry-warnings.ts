import { z } from "zod";

// Expiry warnings: the days before a key's expiry at which the console flags it (and, later,
// notifications fire). Part of the organization's key policy; the largest is the "expiring soon"
// window of the key table, the key details and the overview. Stored as "14,7,1".

export const DEFAULT_EXPIRY_WARNING_DAYS: readonly number[] = Object.freeze([14, 7, 1]);
const MAX_EXPIRY_WARNINGS = 5;
/** A warning further out than a year says nothing useful about a key that lives at most ten. */
const MAX_EXPIRY_WARNING_DAYS = 365;

/** Largest first, no repeats. */
function normalize(days: readonly number[]): number[] {
  return [...new Set(days)].sort((a, b) => b - a);
}

/** The stored text back to days; a damaged value falls back to the default rather than failing a page. */
export function parseWarningDays(stored: string): number[] {
  const days = stored.split(",").map((part) => Number(part.trim()));
  const valid =
    days.length > 0 &&
    days.length <= MAX_EXPIRY_WARNINGS &&
    days.every((d) => Number.isSafeInteger(d) && d >= 1 && d <= MAX_EXPIRY_WARNING_DAYS);
  return valid ? normalize(days) : [...DEFAULT_EXPIRY_WARNING_DAYS];
}

export function formatWarningDays(days: readonly number[]): string {
  return normalize(days).join(",");
}

/** How far ahead "expiring soon" looks: the earliest warning. */
export function expiringSoonDays(days: readonly number[]): number {
  return Math.max(...days, 1);
}

const MESSAGE = `List up to ${MAX_EXPIRY_WARNINGS} whole numbers of days from 1 to ${MAX_EXPIRY_WARNING_DAYS}, like 14, 7, 1.`;

/**
 * The form's and the API's field: text ("14, 7, 1") or an array of numbers, to days largest first.
 */
export const expiryWarningDaysSchema = z
  .union([z.string(), z.array(z.number())], { error: MESSAGE })
  .transform((value, context) => {
    const parts = typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : value.map(String);
    const days = parts.map((part) => (/^\d{1,4}$/.test(part) ? Number(part) : Number.NaN));
    const ok =
      days.length > 0 &&
      days.length <= MAX_EXPIRY_WARNINGS &&
      days.every((d) => Number.isSafeInteger(d) && d >= 1 && d <= MAX_EXPIRY_WARNING_DAYS);
    if (!ok) {
      context.addIssue({ code: "custom", message: MESSAGE });
      return z.NEVER;
    }
    return normalize(days);
  });
