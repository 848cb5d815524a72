import { getDb, type Tx } from "@/lib/db";
import type { RequestMeta } from "@/lib/context";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/errors";
import { transact } from "@/lib/db/transaction";
import { createOrganization, ownerCreates, type OrgSummary } from "./organizations";
import type { SetupInput } from "@/lib/auth/schemas";

// First run: the console has no users and no default password; the first visitor creates the
// owner account and its organization. A sentinel row makes a second, racing set-up fail.
const SETUP_SENTINEL = "setup:completed";

export async function needsSetup(): Promise<boolean> {
  return (await getDb().user.count()) === 0;
}

export async function completeSetup(input: SetupInput, meta: RequestMeta): Promise<OrgSummary> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await transact(async (tx) => {
      const user = await createFirstOwner(
        tx,
        { email: input.email, name: input.name, passwordHash },
        setupDone,
      );
      return createOrganization(ownerCreates(user, meta), { name: input.organizationName, owner: user }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw setupDone();
    throw error;
  }
}

/**
 * The installation's first account, for first-run set-up and `keyplane admin bootstrap`: refused
 * with `alreadySetUp()` once any user exists, and the sentinel row makes the loser of a race fail
 * on a unique violation.
 */
export async function createFirstOwner(
  tx: Tx,
  data: { email: string; name: string; passwordHash: string },
  alreadySetUp: () => AppError,
): Promise<{ id: string; email: string }> {
  if ((await tx.user.count()) > 0) throw alreadySetUp();
  await tx.rateLimit.create({ data: { key: SETUP_SENTINEL, count: 1, windowStart: new Date() } });
  return tx.user.create({ data, select: { id: true, email: true } });
}

function setupDone(): AppError {
  return new AppError("CONFLICT", "Keyplane is already set up. Sign in instead.");
}
