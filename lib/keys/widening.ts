import ipaddr from "ipaddr.js";
import { parseCidr } from "./cidr";

// What a change to a key adds to what the key can do. Pure and free of Node APIs: the server
// decides with it who must prove what (lib/keys/grants.ts), and the key forms use it to ask for
// the authenticator code before the server has to.

/** The permission the management API checks; a key holding it can roll, revoke and delete others. */
export const KEYS_MANAGE = "keys:manage";

/** What a key can reach: the fields a widening change touches. */
export type KeyReach = {
  permissions: readonly string[];
  /** Empty = any address. */
  allowedCidrs: readonly string[];
  expiresAt: Date;
  /** An organization key's system limits, by id; empty = every system. */
  systemLimits: readonly string[];
};

export type Widening = "keys:manage" | "permissions" | "ranges" | "expiry" | "systems";

export const WIDENING_LABELS: Record<Widening, string> = {
  "keys:manage": "Giving a key keys:manage",
  permissions: "Adding permissions to a key",
  ranges: "Letting a key be used from more addresses",
  expiry: "Extending a key's expiry",
  systems: "Letting a key reach more systems",
};

/** True when the range `inner` lies inside the range `outer` (both CIDR text). */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a.ok || !b.ok || a.version !== b.version || a.prefix < b.prefix) return false;
  const network = ipaddr.parse(a.network);
  const range = ipaddr.parse(b.network);
  return network.kind() === range.kind() && network.match(range, b.prefix);
}

/**
 * True when every address `inner` allows is allowed by `outer` (an empty list allows any address).
 * A range is compared with each outer range on its own: one covered only by two adjacent outer
 * ranges together counts as wider, which errs on the side of asking.
 */
export function rangesWithin(inner: readonly string[], outer: readonly string[]): boolean {
  if (outer.length === 0) return true;
  if (inner.length === 0) return false;
  return inner.every((range) => outer.some((bound) => cidrWithin(range, bound)));
}

/** What `after` can do that `before` could not; empty for a narrowing or neutral change. */
export function keyWidenings(before: KeyReach, after: KeyReach): Widening[] {
  const found: Widening[] = [];
  const added = after.permissions.filter((name) => !before.permissions.includes(name));
  if (added.includes(KEYS_MANAGE)) found.push("keys:manage");
  if (added.length > 0) found.push("permissions");
  if (!rangesWithin(after.allowedCidrs, before.allowedCidrs)) found.push("ranges");
  if (after.expiresAt.getTime() > before.expiresAt.getTime()) found.push("expiry");
  const limited = before.systemLimits.length > 0;
  if (
    limited &&
    (after.systemLimits.length === 0 || after.systemLimits.some((id) => !before.systemLimits.includes(id)))
  )
    found.push("systems");
  return found;
}

/** What creating a key with these permissions needs proven: only keys:manage is a grant over keys. */
export function creationWidenings(permissions: readonly string[]): Widening[] {
  return permissions.includes(KEYS_MANAGE) ? ["keys:manage"] : [];
}
