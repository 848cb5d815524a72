// The one permission table (role × action). Server checks (lib/actions, lib/api) and the UI
// (what is shown or disabled) both read it; nothing else decides who may do what.

export const ORG_ROLES = ["owner", "admin", "auditor", "member"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const SYSTEM_ROLES = ["admin", "member"] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];

export const ROLE_LABELS: Record<OrgRole, string> = {
  owner: "Owner",
  admin: "Admin",
  auditor: "Auditor",
  member: "Member",
};

type Rule = { org: readonly OrgRole[]; system?: readonly SystemRole[] };

const MANAGERS = ["owner", "admin"] as const;
const READERS = ["owner", "admin", "auditor"] as const;
const EVERYONE = ORG_ROLES;

const PERMISSIONS = {
  "org:read": { org: EVERYONE },
  "org:update": { org: ["owner"] },
  // The settings page (organization details, key policy, permission catalog): what the roles that
  // read keys need; a member works through their systems and is told to ask an owner instead.
  "settings:read": { org: READERS },
  "policy:update": { org: ["owner"] },
  "catalog:manage": { org: ["owner"] },
  "members:read": { org: READERS },
  "members:manage": { org: ["owner"] },
  "systems:create": { org: MANAGERS },
  "system:read": { org: READERS, system: ["admin", "member"] },
  "system:update": { org: MANAGERS, system: ["admin"] },
  "system:delete": { org: MANAGERS },
  "system-members:manage": { org: MANAGERS, system: ["admin"] },
  "org-keys:read": { org: READERS },
  "org-keys:manage": { org: MANAGERS },
  "system-keys:read": { org: READERS, system: ["admin"] },
  "system-keys:manage": { org: MANAGERS, system: ["admin"] },
  "audit:read": { org: READERS },
  "audit:export": { org: READERS },
  "audit:checkpoint": { org: MANAGERS },
  "webhooks:manage": { org: MANAGERS },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;

export type RoleSet = { orgRole: OrgRole; systemRole?: SystemRole | null };

export function can(roles: RoleSet | null | undefined, permission: Permission): boolean {
  if (!roles) return false;
  const rule: Rule = PERMISSIONS[permission];
  if (rule.org.includes(roles.orgRole)) return true;
  return Boolean(roles.systemRole && rule.system?.includes(roles.systemRole));
}

export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}

export function isSystemRole(value: string): value is SystemRole {
  return (SYSTEM_ROLES as readonly string[]).includes(value);
}

const ORG_RANK: Record<OrgRole, number> = { member: 0, auditor: 1, admin: 2, owner: 3 };

/**
 * Owners and admins manage keys: making someone one (a new member: `before` null) is a grant over
 * keys and needs a fresh step-up (README, "Security model"). Lowering a role never does.
 */
export function orgRoleGrantNeedsStepUp(before: OrgRole | null, after: OrgRole): boolean {
  if (after !== "owner" && after !== "admin") return false;
  return before === null || ORG_RANK[before] < ORG_RANK[after];
}

/** A system admin manages the system's keys: the same grant, for one system. */
export function systemRoleGrantNeedsStepUp(before: SystemRole | null, after: SystemRole): boolean {
  return after === "admin" && before !== "admin";
}

/**
 * The organization setting "require two-factor for owners and admins" (lib/orgs/two-factor.ts):
 * whether this member must set up a second factor before anything else in the organization.
 */
export function mustEnrolTwoFactor(
  org: { requireTwoFactor: boolean },
  role: OrgRole,
  user: { totpEnabled: boolean; passkeyEnabled: boolean },
): boolean {
  // A passkey counts as a second factor as much as the authenticator app (README, "Passkeys").
  const secondFactor = user.totpEnabled || user.passkeyEnabled;
  return org.requireTwoFactor && (role === "owner" || role === "admin") && !secondFactor;
}
