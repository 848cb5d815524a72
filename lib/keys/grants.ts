import { DeniedError } from "@/lib/api/errors";
import { requireFreshStepUp } from "@/lib/auth/step-up";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { toStringList } from "./details";
import { KEYS_MANAGE, rangesWithin, WIDENING_LABELS, type Widening } from "./widening";

// Who may widen a key, checked by the cores themselves so that every entry point (console, REST,
// CLI) gets the same answer (README, "Security model"):
// - a person needs a fresh step-up for any widening (a session alone is not enough);
// - an API key (a machine, no authenticator) may never give keys:manage, and whatever it creates
//   or widens must stay within its own IP ranges;
// - the operator (CLI bootstrap on the server itself) is trusted.

export type KeyGrant = {
  widenings: readonly Widening[];
  /** The key's IP ranges after the change (empty = any address). */
  allowedCidrs: readonly string[];
  /** A new key: its ranges are checked against an API key caller's even when nothing "widens". */
  created: boolean;
};

export async function assertMayGrant(ctx: Ctx, tx: Tx, grant: KeyGrant): Promise<void> {
  const [first] = grant.widenings;
  if (ctx.actor.type === "user") {
    if (first) requireFreshStepUp(ctx, WIDENING_LABELS[first]);
    return;
  }
  if (ctx.actor.type !== "key") return;
  if (grant.widenings.includes("keys:manage")) {
    throw new DeniedError(
      `An API key cannot give ${KEYS_MANAGE}; a person does that in the console, with their authenticator.`,
      ctx,
      "grants_keys_manage",
    );
  }
  if (!grant.created && !grant.widenings.includes("ranges")) return;
  const caller = await tx.apiKey.findFirst({
    where: { id: ctx.actor.id, organizationId: ctx.organizationId },
    select: { allowedCidrs: true },
  });
  if (caller && rangesWithin(grant.allowedCidrs, toStringList(caller.allowedCidrs))) return;
  throw new DeniedError(
    "This API key is limited to IP ranges: a key it creates or widens must stay within them.",
    ctx,
    "wider_than_caller",
  );
}
