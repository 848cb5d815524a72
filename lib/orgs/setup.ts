import "server-only";
import { getDb } from "@/lib/db";
import type { RequestMeta } from "@/lib/context";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/errors";
import { createOrganization, type OrgSummary } from "./organizations";
import type { SetupInput } from "./schemas";

// First run: the console has no users and no default password; the first visitor creates the
// owner account and its organization. A sentinel row makes a second, racing set-up fail.
export const SETUP_SENTINEL = "setup:completed";

export async function needsSetup(): Promise<boolean> {
  return (await getDb().user.count()) === 0;
}

export async function completeSetup(input: SetupInput, meta: RequestMeta): Promise<OrgSummary> {
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  try {
    return await db.$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) throw setupDone();
      await tx.rateLimit.create({ data: { key: SETUP_SENTINEL, count: 1, windowStart: new Date() } });
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
      return createOrganization(user, { name: input.organizationName }, meta, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw setupDone();
    throw error;
  }
}

function setupDone(): AppError {
  return new AppError("CONFLICT", "Keyplane is already set up. Sign in instead.");
}
