import { clearTotpFailures } from "@/lib/auth/throttle";
import { auditTarget, writeAudit } from "@/lib/audit/write";
import { transact } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { operatorActor } from "./bootstrap";

// keyplane admin unlock EMAIL: the operator's way to lift the lock that 100 consecutive wrong
// authenticator codes set (lib/auth/throttle.ts), for an account whose owners cannot (an owner
// locked out of their own organization). Audited in every organization the account belongs to.

export type UnlockResult = { email: string; failuresCleared: number; organizations: number };

export async function unlockTwoFactorAsOperator(email: string): Promise<UnlockResult> {
  const normalized = email.trim().toLowerCase();
  return transact(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: normalized } });
    if (!user) throw new AppError("NOT_FOUND", `No account with the email ${normalized}.`);
    const failuresCleared = await clearTotpFailures(user.id, tx);
    const memberships = await tx.membership.findMany({ where: { userId: user.id } });
    const operator = { actor: operatorActor(), meta: { ip: null, userAgent: "keyplane-cli admin unlock" } };
    for (const { organizationId } of memberships) {
      await writeAudit(
        tx,
        { ...operator, organizationId },
        {
          action: "user.two_factor_unlocked",
          ...auditTarget("user", user.id, user.email),
          metadata: { failuresCleared },
        },
      );
    }
    return { email: user.email, failuresCleared, organizations: memberships.length };
  });
}
