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

export type NavItem = { label: string; segment: string; icon: LucideIcon };

// The console's sections, in sidebar order; `segment` is the path under /orgs/[orgSlug].
export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Overview", segment: "", icon: LayoutDashboard },
  { label: "Systems", segment: "systems", icon: Boxes },
  { label: "Organization keys", segment: "keys", icon: KeyRound },
  { label: "Audit", segment: "audit", icon: Activity },
  { label: "Members", segment: "members", icon: Users },
  { label: "Settings", segment: "settings", icon: Settings },
  { label: "API", segment: "api", icon: Braces },
];
