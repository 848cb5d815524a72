import type { SystemLookup } from "./load";

// Answers "does this id or slug name a system of that organization?" for organization keys
// without system limits (their cache entry cannot list every system of the organization).
// Cached: a yes for the cache TTL (systems are rarely deleted, and one with keys cannot be), a no
// only briefly, so a system created a moment ago is usable almost at once. Only a caller holding
// a valid organization key reaches this, so it cannot be flooded by strangers; it is bounded anyway.

export interface SystemResolver {
  inOrganization(organizationId: string, ref: string, now: number): boolean | Promise<boolean>;
  clear(): void;
}

const NEGATIVE_TTL_MS = 2_000;
const MAX_ENTRIES = 50_000;

export function createSystemResolver(lookup: SystemLookup, ttlMs: number): SystemResolver {
  const answers = new Map<string, { ok: boolean; at: number }>();
  return {
    inOrganization(organizationId, ref, now) {
      const id = `${organizationId}\n${ref}`;
      const known = answers.get(id);
      if (known && now - known.at < (known.ok ? ttlMs : Math.min(ttlMs, NEGATIVE_TTL_MS))) return known.ok;
      return lookup(organizationId, ref).then((ok) => {
        answers.delete(id);
        if (answers.size >= MAX_ENTRIES) {
          const oldest = answers.keys().next();
          if (!oldest.done) answers.delete(oldest.value);
        }
        answers.set(id, { ok, at: now });
        return ok;
      });
    },
    clear() {
      answers.clear();
    },
  };
}
