import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordKeyChange } from "./audit";
import { requireKeyDetails, type KeyDetails } from "./details";
import { assertNotRevoked, loadKey, lockKey, type KeyForChange } from "./guards";
import type { setKeyStateSchema } from "./schemas";

// Disabling stops every secret of the key at once and enabling resumes them; secrets stay as they
// are, so nothing is lost. The verify path reads the state, so no secret row changes here.

export type SetKeyStateData = z.output<typeof setKeyStateSchema>;

export function disableKey(ctx: Ctx, input: SetKeyStateData, tx: Tx): Promise<{ key: KeyDetails }> {
  return setKeyState(ctx, input, tx, "disabled");
}

export function enableKey(ctx: Ctx, input: SetKeyStateData, tx: Tx): Promise<{ key: KeyDetails }> {
  return setKeyState(ctx, input, tx, "active");
}

async function setKeyState(
  ctx: Ctx,
  input: SetKeyStateData,
  tx: Tx,
  next: "active" | "disabled",
): Promise<{ key: KeyDetails }> {
  const key = await loadKey(tx, ctx, input.keyId);
  await writeKeyState(ctx, key, tx, next, input.expectedVersion);
  return { key: await requireKeyDetails(tx, ctx.organizationId, key.id) };
}

/** The change itself, for a key already read in `tx` (also the bulk core, lib/keys/bulk.ts). */
export async function writeKeyState(
  ctx: Ctx,
  key: KeyForChange,
  tx: Tx,
  next: "active" | "disabled",
  expectedVersion: number | undefined,
): Promise<void> {
  assertNotRevoked(key, next === "active" ? "enabled" : "disabled");
  if (key.state === next) {
    throw new AppError(
      "CONFLICT",
      next === "active" ? "This key is already enabled." : "This key is already disabled.",
    );
  }
  await lockKey(tx, key, {
    expectedVersion,
    data: { state: next, disabledAt: next === "disabled" ? new Date() : null },
  });
  await recordKeyChange(tx, ctx, key, {
    action: next === "active" ? "key.enabled" : "key.disabled",
    changes: { state: { before: key.state, after: next } },
  });
}
