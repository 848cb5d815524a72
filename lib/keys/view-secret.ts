import type { z } from "zod";
import { auditTarget, writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { requireKeyDetails, type KeyWithSecrets } from "./details";
import { assertNotRevoked, loadKey } from "./guards";
import type { viewSecretSchema } from "./schemas";
import { revealSecret } from "./secrets";

/** The step-up code is checked by the entry point (server actions); REST routes have none. */
export type ViewSecretData = Omit<z.output<typeof viewSecretSchema>, "totpCode">;

/**
 * Shows a retrievable secret again (organizations with that policy only), auditing the view.
 * Nothing about the key changes, so its version stays and no verify cache is dropped: a view must
 * not make a colleague's open edit form fail as "changed by someone else".
 */
export async function viewSecret(ctx: Ctx, input: ViewSecretData, tx: Tx): Promise<KeyWithSecrets> {
  const key = await loadKey(tx, ctx, input.keyId);
  assertNotRevoked(key, "shown");
  const policy = await getKeyPolicy(tx, key.organizationId);
  if (!policy.retrievableSecrets) {
    throw forbidden(
      "This organization does not keep retrievable secrets. Roll or regenerate the secret instead.",
    );
  }
  const secret = await tx.keySecret.findFirst({
    where: { keyId: key.id, organizationId: key.organizationId, slot: input.slot },
    select: { hint: true, valueEnc: true },
  });
  if (!secret) throw notFound(input.slot === "primary" ? "The primary secret" : "The secondary secret");
  if (secret.valueEnc === null) {
    throw new AppError(
      "CONFLICT",
      "Only a hash of this secret is stored (it was made before secrets became retrievable). Roll or regenerate it instead.",
    );
  }
  const value = revealSecret(key.id, input.slot, secret.valueEnc);
  await writeAudit(tx, ctx, {
    action: "key.secret_viewed",
    ...auditTarget("key", key.id, key.label),
    metadata: { slot: input.slot, hint: secret.hint },
  });
  return {
    key: await requireKeyDetails(tx, key.organizationId, key.id),
    secrets: input.slot === "primary" ? { primary: value } : { secondary: value },
  };
}
