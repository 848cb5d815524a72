import { auditTarget, writeAudit } from "@/lib/audit/write";
import { requireFreshStepUp } from "@/lib/auth/step-up";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

// The organization setting "require two-factor for owners and admins" (README, "Security model").
// Off by default, so a first key takes minutes; the overview asks owners to turn it on. When on,
// an owner or admin without an authenticator reaches no organization page (lib/orgs/
// active-organization.ts sends them to set one up) and no organization action (lib/actions/
// define-action.ts refuses them), whatever the middleware does.

export const TWO_FACTOR_REQUIRED_MESSAGE =
  "This organization requires two-factor authentication for owners and admins. Set up an authenticator app first.";

export function twoFactorRequiredError(): AppError {
  return new AppError("TOTP_NOT_ENROLLED", TWO_FACTOR_REQUIRED_MESSAGE);
}

/** Where such a member is sent: the security page, which brings them back afterwards. */
export function twoFactorEnrolmentPath(orgSlug: string): string {
  return `/account/security?required=1&next=${encodeURIComponent(`/orgs/${orgSlug}`)}`;
}

/** Turns the requirement on or off; both directions need a fresh step-up and are audited. */
export async function setTwoFactorRequirement(
  ctx: Ctx,
  input: { requireTwoFactor: boolean },
  tx: Tx,
): Promise<{ requireTwoFactor: boolean }> {
  requireFreshStepUp(ctx, "Changing the two-factor requirement");
  const before = await tx.organization.findUniqueOrThrow({
    where: { id: ctx.organizationId },
    select: { requireTwoFactor: true, name: true },
  });
  if (before.requireTwoFactor === input.requireTwoFactor)
    return { requireTwoFactor: before.requireTwoFactor };
  await tx.organization.update({
    where: { id: ctx.organizationId },
    data: { requireTwoFactor: input.requireTwoFactor },
  });
  await writeAudit(tx, ctx, {
    action: "organization.two_factor_requirement_changed",
    ...auditTarget("organization", ctx.organizationId, before.name),
    metadata: { before: before.requireTwoFactor, after: input.requireTwoFactor },
  });
  return { requireTwoFactor: input.requireTwoFactor };
}
