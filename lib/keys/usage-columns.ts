import { DbNull, type Prisma } from "@/lib/db";
import { refillPeriod, type CreditRefill, type KeyRatelimit } from "./limits";

// The stored columns of a key's usage fields (README, "Rate limits, credits and metadata"), for
// create (every field) and edit (only the fields given). Setting credits also starts the balance's
// refill period now, so the first refill comes at the next boundary, not on the first verify.

export type UsageFieldsInput = {
  ratelimits?: KeyRatelimit[];
  credits?: { remaining: number; refill?: CreditRefill | null } | null;
  meta?: Record<string, unknown> | null;
  externalId?: string | null;
};

type JsonColumn = Prisma.InputJsonValue | typeof DbNull;

type UsageColumns = {
  ratelimits?: JsonColumn;
  meta?: JsonColumn;
  externalId?: string | null;
  creditsRemaining?: number | null;
  creditsRefill?: JsonColumn;
  creditsPeriod?: string | null;
};

export function usageColumns(input: UsageFieldsInput, now: number): UsageColumns {
  const data: UsageColumns = {};
  if (input.ratelimits !== undefined)
    data.ratelimits = input.ratelimits.length > 0 ? (input.ratelimits as Prisma.InputJsonValue) : DbNull;
  if (input.meta !== undefined)
    data.meta = input.meta === null ? DbNull : (input.meta as Prisma.InputJsonValue);
  if (input.externalId !== undefined) data.externalId = input.externalId;
  if (input.credits !== undefined) {
    const refill = input.credits?.refill ?? null;
    data.creditsRemaining = input.credits?.remaining ?? null;
    data.creditsRefill = refill ? (refill as Prisma.InputJsonValue) : DbNull;
    data.creditsPeriod = refill ? refillPeriod(refill, now) : null;
  }
  return data;
}
