import {
  Activity,
  Boxes,
  Braces,
  KeyRound,
  LayoutDashboard,
  Settings,
  Users,
  type LucideIcon,
} from "lucide-react";

import { can, type OrgRole, type Permission } from "@/lib/auth/permissions";

/** `permission`: the section is listed only for roles the permission table allows to read it. */
export type NavItem = { label: string; segment: string; icon: LucideIcon; permission?: Permission };

// The console's sections, in sidebar order; `segment` is the path under /orgs/[orgSlug].
export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Overview", segment: "", icon: LayoutDashboard },
  { label: "Systems", segment: "systems", icon: Boxes },
  { label: "Organization keys", segment: "keys", icon: KeyRound, permission: "org-keys:read" },
  { label: "Audit", segment: "audit", icon: Activity, permission: "audit:read" },
  { label: "Members", segment: "members", icon: Users, permission: "members:read" },
  { label: "Settings", segment: "settings", icon: Settings, permission: "settings:read" },
  { label: "API", segment: "api", icon: Braces },
];

/** The sections a role may open, in sidebar order, and the labels of those it may not. */
export function navItemsFor(role: OrgRole): { shown: NavItem[]; hidden: string[] } {
  const allowed = (item: NavItem) => !item.permission || can({ orgRole: role }, item.permission);
  return {
    shown: NAV_ITEMS.filter(allowed),
    hidden: NAV_ITEMS.filter((item) => !allowed(item)).map((item) => item.label),
  };
}
