import type { RequestMeta } from "@/lib/context";
import { transact } from "@/lib/db/transaction";
import { AppError, fieldError } from "@/lib/errors";
import { auditAccountChange } from "./account-audit";
import { hashPassword, validatePassword } from "./password";
import type { SetPasswordInput } from "./password-schemas";
import { findUsableToken } from "./password-tokens";

export const LINK_UNUSABLE_MESSAGE =
  "This link has expired or was already used. Ask an organization owner for a new one.";

/**
 * Sets a person's password from a one-time link: the token is claimed with a compare-and-set (so
 * two tabs cannot both use it), the password stored, every session of the account ended, and the
 * change audited in each organization the person belongs to, all in one transaction.
 */
export async function setPasswordWithToken(
  input: Pick<SetPasswordInput, "token" | "password">,
  meta: RequestMeta,
): Promise<{ userId: string; email: string }> {
  const policy = validatePassword(input.password);
  if (!policy.ok) throw fieldError("password", `${policy.message}.`);
  if (!(await findUsableToken(input.token))) throw unusable();
  // scrypt takes tens of milliseconds: hash before the transaction, not inside it.
  const passwordHash = await hashPassword(input.password);
  return transact(async (tx) => {
    const token = await findUsableToken(input.token, tx);
    if (!token) throw unusable();
    const claimed = await tx.passwordToken.updateMany({
      where: { id: token.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) throw unusable();
    await tx.user.update({ where: { id: token.userId }, data: { passwordHash } });
    // Any session of this account (a stolen one, or an old one) ends with the new password.
    await tx.session.updateMany({
      where: { userId: token.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await auditAccountChange(tx, { id: token.userId, email: token.email }, meta, {
      action: "user.password_set",
      metadata: { via: "set-password link" },
    });
    return { userId: token.userId, email: token.email };
  });
}

function unusable(): AppError {
  return new AppError("NOT_FOUND", LINK_UNUSABLE_MESSAGE);
}
