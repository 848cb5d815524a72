import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordKeyChange } from "./audit";
import { loadKey } from "./guards";
import type { deleteKeySchema } from "./schemas";

/** The step-up code is checked by the entry point (server actions); REST routes have none. */
export type DeleteKeyData = Omit<z.output<typeof deleteKeySchema>, "totpCode">;

/** Removes a revoked key; its secrets and links cascade, its audit entries stay. */
export async function deleteKey(
  ctx: Ctx,
  input: DeleteKeyData,
  tx: Tx,
): Promise<{ id: string; systemId: string | null }> {
  const key = await loadKey(tx, ctx, input.keyId);
  if (key.state !== "revoked")
    throw new AppError("CONFLICT", "Only revoked keys can be deleted. Revoke the key first.");
  const { count } = await tx.apiKey.deleteMany({
    where: { id: key.id, organizationId: key.organizationId, state: "revoked" },
  });
  if (count === 0) throw notFound("The key");
  await recordKeyChange(tx, ctx, key, {
    action: "key.deleted",
    metadata: {
      systemId: key.systemId,
      createdAt: key.createdAt.toISOString(),
      expiresAt: key.expiresAt.toISOString(),
    },
  });
  return { id: key.id, systemId: key.systemId };
}
