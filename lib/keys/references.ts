import type { Tx } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import { KEYS_MANAGE } from "./widening";

// Ids and names a client sends for a key (its system, its permissions, the systems it is limited
// to) must all belong to the caller's organization. A stranger's id is a mistake in the form, not
// a server error: it comes back as a field error and nothing is written.

/** Only organization keys may manage keys: a system admin must not mint an organization-wide manager. */
export const ORG_ONLY_PERMISSION = KEYS_MANAGE;

/**
 * The catalog a key of this scope may be given, for the console's key forms: a system key cannot
 * hold the organization-only permission, so it is not offered (resolvePermissions refuses it).
 */
export async function offerablePermissions(
  tx: Tx,
  organizationId: string,
  scope: "organization" | "system",
): Promise<{ name: string; description: string }[]> {
  return tx.permission.findMany({
    where: { organizationId, ...(scope === "system" ? { name: { not: ORG_ONLY_PERMISSION } } : {}) },
    orderBy: { name: "asc" },
    select: { name: true, description: true },
  });
}

export async function resolveSystem(
  tx: Tx,
  organizationId: string,
  systemId: string,
): Promise<{ id: string; name: string }> {
  const system = await tx.system.findFirst({
    where: { id: systemId, organizationId },
    select: { id: true, name: true },
  });
  if (!system) throw fieldError("systemId", "Choose a system of this organization.");
  return system;
}

/** Permission ids for catalog names, in the order given. */
export async function resolvePermissions(
  tx: Tx,
  organizationId: string,
  names: readonly string[],
  isSystemKey: boolean,
): Promise<{ id: string; name: string }[]> {
  if (names.length === 0) return [];
  if (isSystemKey && names.includes(ORG_ONLY_PERMISSION)) {
    throw fieldError("permissions", `${ORG_ONLY_PERMISSION} can only be given to organization keys.`);
  }
  const found = await tx.permission.findMany({
    where: { organizationId, name: { in: [...names] } },
    select: { id: true, name: true },
  });
  const byName = new Map(found.map((p) => [p.name, p]));
  const missing = names.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    const list = missing.slice(0, 3).join(", ");
    throw fieldError(
      "permissions",
      `Not in this organization's catalog: ${list}${missing.length > 3 ? ", …" : ""}.`,
    );
  }
  return names.flatMap((name) => byName.get(name) ?? []);
}

/** Systems an organization key is limited to; system keys cannot carry limits. */
export async function resolveSystemLimits(
  tx: Tx,
  organizationId: string,
  systemIds: readonly string[],
  isSystemKey: boolean,
): Promise<{ id: string; name: string }[]> {
  if (systemIds.length === 0) return [];
  if (isSystemKey) throw fieldError("systemLimits", "Only organization keys can be limited to systems.");
  const found = await tx.system.findMany({
    where: { organizationId, id: { in: [...systemIds] } },
    select: { id: true, name: true },
  });
  if (found.length !== systemIds.length)
    throw fieldError("systemLimits", "Choose systems of this organization.");
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
