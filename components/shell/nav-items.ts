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

import type { Permission } from "@/lib/auth/permissions";

/** `permission`: the section is listed only for roles the permission table allows to read it. */
export type NavItem = { label: string; segment: string; icon: LucideIcon; permission?: Permission };

// The console's sections, in sidebar order; `segment` is the path under /orgs/[orgSlug].
export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Overview", segment: "", icon: LayoutDashboard },
  { label: "Systems", segment: "systems", icon: Boxes },
  { label: "Organization keys", segment: "keys", icon: KeyRound, permission: "org-keys:read" },
  { label: "Audit", segment: "audit", icon: Activity, permission: "audit:read" },
  { label: "Members", segment: "members", icon: Users, permission: "members:read" },
  { label: "Settings", segment: "settings", icon: Settings },
  { label: "API", segment: "api", icon: Braces },
];
