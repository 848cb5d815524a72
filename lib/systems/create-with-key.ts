import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createKey } from "@/lib/keys/create";
import type { KeyWithSecrets } from "@/lib/keys/details";
import { createKeySchema } from "@/lib/keys/schemas";
import type { createSystemWithKeySchema } from "./schemas";
import { createSystem, type SystemSummary } from "./systems";

// A system and its first key (ARCHITECTURE.md, "Keys and their lifecycle"), made in the caller's
// one transaction by the two existing cores, so each writes its own audit entry and a failure in
// either (a name taken, a permission not in the catalog, an expiry outside the policy) leaves
// neither behind.

export type CreateSystemWithKeyData = z.output<typeof createSystemWithKeySchema>;
export type CreatedSystem = SystemSummary & { firstKey: KeyWithSecrets | null };

/** The key core's field names, as the create-system form calls them. */
const KEY_FIELDS: Record<string, string> = {
  label: "keyLabel",
  permissions: "keyPermissions",
  expiry: "keyExpiry",
};

export async function createSystemWithKey(
  ctx: Ctx,
  input: CreateSystemWithKeyData,
  tx: Tx,
): Promise<CreatedSystem> {
  const system = await createSystem(
    ctx,
    { organizationId: input.organizationId, name: input.name, description: input.description },
    tx,
  );
  if (!input.withKey) return { ...system, firstKey: null };
  // The wrapper checked systems:create; whoever holds it also holds system-keys:manage
  // (lib/auth/permissions.test.ts keeps the table so).
  const firstKey = await createKey(
    ctx,
    {
      // The key schema's defaults for everything the create-system form does not ask.
      ...createKeySchema.parse({ organizationId: input.organizationId, label: input.keyLabel }),
      systemId: system.id,
      permissions: input.keyPermissions,
      expiry: input.keyExpiry,
    },
    tx,
  ).catch((error: unknown) => {
    throw renameKeyFields(error);
  });
  return { ...system, firstKey };
}

function renameKeyFields(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.fieldErrors) return error;
  const fieldErrors = Object.fromEntries(
    Object.entries(error.fieldErrors).map(([field, message]) => [KEY_FIELDS[field] ?? field, message]),
  );
  return new AppError(error.code, error.message, fieldErrors);
}
