import type { Db } from "@/lib/db";
import { compileEntry } from "./entry";
import type { KeyEntry } from "./types";

// Reads one secret and everything its verification needs, by the unique index on KeySecret.hash.
// One Prisma call; an unknown hash costs one indexed SQL lookup and nothing more (the relation
// selects only run for a row that exists).

export type KeyLoader = (hash: string) => Promise<KeyEntry | null>;

export function createKeyLoader(db: () => Db): KeyLoader {
  return async (hash) => {
    const row = await db().keySecret.findUnique({
      where: { hash },
      select: {
        slot: true,
        graceEndsAt: true,
        key: {
          select: {
            id: true,
            organizationId: true,
            systemId: true,
            state: true,
            expiresAt: true,
            allowedCidrs: true,
            version: true,
            system: { select: { slug: true } },
            permissions: { select: { permission: { select: { name: true } } } },
            systemLimits: { select: { system: { select: { id: true, slug: true } } } },
          },
        },
      },
    });
    if (!row) return null;
    const { key } = row;
    return compileEntry({
      hash,
      keyId: key.id,
      organizationId: key.organizationId,
      systemId: key.systemId,
      systemSlug: key.system?.slug ?? null,
      state: key.state,
      expiresAt: key.expiresAt,
      allowedCidrs: key.allowedCidrs,
      version: key.version,
      permissions: key.permissions.map((link) => link.permission.name),
      systemLimits: key.systemLimits.map((limit) => limit.system),
      slot: row.slot,
      graceEndsAt: row.graceEndsAt,
    });
  };
}

/**
 * Whether `ref` (an id or a slug) names a system of the organization. Only asked for an
 * organization key without system limits, whose entry cannot list every system of its organization.
 */
export type SystemLookup = (organizationId: string, ref: string) => Promise<boolean>;

export function createSystemLookup(db: () => Db): SystemLookup {
  return async (organizationId, ref) => {
    const found = await db().system.findFirst({
      where: { organizationId, OR: [{ id: ref }, { slug: ref }] },
      select: { id: true },
    });
    return found !== null;
  };
}
