import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordKeyChange } from "./audit";
import { requireKeyDetails, type KeyDetails } from "./details";
import { MAX_CREDITS } from "./limits";
import type { topUpCreditsSchema } from "./schemas";

// "Top up": adds credits to a key's balance (README, "Rate limits, credits and metadata"). One
// conditional UPDATE adds to whatever the balance is now, so spends racing the top-up are never
// undone (an edit that sets `credits` replaces the balance instead). Audited as its own action.

export type TopUpCreditsData = z.output<typeof topUpCreditsSchema>;

export async function topUpCredits(ctx: Ctx, input: TopUpCreditsData, tx: Tx): Promise<{ key: KeyDetails }> {
  const before = await requireKeyDetails(tx, ctx.organizationId, input.keyId);
  if (before.state === "revoked")
    throw new AppError("CONFLICT", "This key is revoked; it cannot be topped up.");
  if (before.credits === null) throw new AppError("CONFLICT", "This key does not use credits.");
  const { count } = await tx.apiKey.updateMany({
    where: {
      id: before.id,
      organizationId: ctx.organizationId,
      creditsRemaining: { not: null, lte: MAX_CREDITS - input.amount },
    },
    data: { creditsRemaining: { increment: input.amount }, version: { increment: 1 } },
  });
  if (count === 0)
    throw new AppError("CONFLICT", `A key holds at most ${MAX_CREDITS.toLocaleString("en-US")} credits.`);
  const key = await requireKeyDetails(tx, ctx.organizationId, before.id);
  await recordKeyChange(tx, ctx, key, {
    action: "key.credits_topped_up",
    changes: {
      creditsRemaining: { before: before.credits.remaining, after: key.credits?.remaining ?? null },
    },
    metadata: { amount: input.amount },
  });
  return { key };
}
