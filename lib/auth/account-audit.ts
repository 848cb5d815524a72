import { writeAudit, type AuditInput } from "@/lib/audit/write";
import type { Actor, RequestMeta } from "@/lib/context";
import type { Tx } from "@/lib/db";

/**
 * Records a change to a person's account (their password) in every organization they belong to,
 * inside the caller's transaction: each organization relies on this account's credentials, so
 * each audit log shows the change. Returns how many entries were written.
 */
export async function auditAccountChange(
  tx: Tx,
  user: { id: string; email: string },
  meta: RequestMeta,
  input: Omit<AuditInput, "targetType" | "targetId" | "targetLabel">,
): Promise<number> {
  // A fixed order keeps two such transactions from locking the same organizations crosswise.
  const memberships = await tx.membership.findMany({
    where: { userId: user.id },
    select: { organizationId: true },
    orderBy: { organizationId: "asc" },
  });
  const actor: Actor = { type: "user", id: user.id, label: user.email };
  for (const { organizationId } of memberships) {
    await writeAudit(
      tx,
      { actor, organizationId, meta },
      { ...input, targetType: "user", targetId: user.id, targetLabel: user.email },
    );
  }
  return memberships.length;
}
