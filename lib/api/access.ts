import type { ApiCaller, Authenticated } from "./authenticate";
import { DeniedError } from "./errors";

// What a management key may reach, from its own scope (ARCHITECTURE.md, "The permission table":
// an organization key acts for the whole organization, a system key only for its system):
// - an organization key without system limits: every key and system of its organization;
// - an organization key limited to systems: the keys of those systems only (it must not mint an
//   unlimited organization key for itself), and it may see those systems but not create any;
// - a system key: the keys of its own system only; it may not list or create systems.
// A target in another organization never gets this far: it is looked up with the caller's
// organization id and answers 404.

export function isOrganizationWide(caller: ApiCaller): boolean {
  return caller.systemId === null && caller.systemLimits.length === 0;
}

export function canManageKeysOf(caller: ApiCaller, systemId: string | null): boolean {
  if (caller.systemId !== null) return systemId === caller.systemId;
  if (caller.systemLimits.length === 0) return true;
  return systemId !== null && caller.systemLimits.includes(systemId);
}

export function assertCanManageKeysOf(auth: Authenticated, systemId: string | null): void {
  if (canManageKeysOf(auth.caller, systemId)) return;
  const message =
    auth.caller.systemId !== null
      ? "A system key may only manage the keys of its own system."
      : "This key is limited to some systems; it may only manage their keys.";
  throw new DeniedError(message, auth.ctx, "outside_key_scope");
}

export function assertMayCreateSystems(auth: Authenticated): void {
  assertOrganizationWide(auth, "create systems");
}

/** Organization-wide settings (webhooks): an organization key without system limits only. */
export function assertOrganizationWide(auth: Authenticated, what: string): void {
  if (isOrganizationWide(auth.caller)) return;
  throw new DeniedError(
    `Only an organization key without system limits may ${what}.`,
    auth.ctx,
    "outside_key_scope",
  );
}

/** The systems the caller may list: all of them (null), or only those it is limited to. */
export function listableSystems(auth: Authenticated): readonly string[] | null {
  if (auth.caller.systemId !== null) {
    throw new DeniedError("A system key cannot list systems.", auth.ctx, "outside_key_scope");
  }
  return auth.caller.systemLimits.length === 0 ? null : auth.caller.systemLimits;
}
