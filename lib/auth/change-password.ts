import type { RequestMeta } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError, fieldError } from "@/lib/errors";
import { auditAccountChange } from "./account-audit";
import { hashPassword, validatePassword, verifyPassword } from "./password";
import type { ChangePasswordInput } from "./password-schemas";
import type { SessionUser } from "./session";
import { clearFailures, lockedFor, recordFailure, SIGN_IN_PER_SOURCE } from "./throttle";

const WRONG_CURRENT_PASSWORD = "That password is not correct.";

/**
 * Changes the signed-in user's password. The current password is required (step-up: a borrowed
 * open tab is not enough) and shares the sign-in failure counter, so this is no side door for
 * guessing it. Every other session of the account ends; the change is audited in each of the
 * user's organizations.
 */
export async function changePassword(
  user: Pick<SessionUser, "id" | "email" | "sessionId">,
  input: Pick<ChangePasswordInput, "currentPassword" | "newPassword">,
  meta: RequestMeta,
): Promise<{ otherSessionsEnded: number }> {
  const policy = validatePassword(input.newPassword);
  if (!policy.ok) throw fieldError("newPassword", `${policy.message}.`);
  await checkCurrentPassword(user, input.currentPassword, meta);
  const passwordHash = await hashPassword(input.newPassword);
  return transact(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null, id: { not: user.sessionId } },
      data: { revokedAt: new Date() },
    });
    await auditAccountChange(tx, user, meta, {
      action: "user.password_changed",
      metadata: { otherSessionsEnded: ended.count },
    });
    return { otherSessionsEnded: ended.count };
  });
}

async function checkCurrentPassword(
  user: Pick<SessionUser, "id" | "email">,
  password: string,
  meta: RequestMeta,
): Promise<void> {
  // Its own counter, slowed like one sign-in source: a stolen session guessing the password waits.
  const throttleKey = `password-check:user:${user.id}`;
  if ((await lockedFor(throttleKey)) > 0) {
    const message = "Too many wrong passwords. Wait a few minutes and try again.";
    throw new AppError("RATE_LIMITED", message, { currentPassword: message });
  }
  const row = await getDb().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (row?.passwordHash && (await verifyPassword(password, row.passwordHash))) {
    await clearFailures(throttleKey);
    return;
  }
  await recordFailure(throttleKey, SIGN_IN_PER_SOURCE);
  await transact((tx) =>
    auditAccountChange(tx, user, meta, {
      action: "user.password_change_failed",
      outcome: "failed",
      metadata: { reason: "wrong current password" },
    }),
  );
  throw fieldError("currentPassword", WRONG_CURRENT_PASSWORD);
}
