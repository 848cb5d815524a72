"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { KeySquare } from "lucide-react";
import { cn } from "@/lib/utils";
import { can, type OrgRole } from "@/lib/auth/permissions";
import { NAV_ITEMS } from "./nav-items";

export function SidebarNav({ orgSlug, role }: { orgSlug: string; role: OrgRole }) {
  const pathname = usePathname();
  const base = `/orgs/${orgSlug}`;
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 p-3">
      <Link
        href={base}
        className="mb-4 flex items-center gap-2 px-2 py-1.5 text-base font-semibold tracking-tight"
      >
        <KeySquare className="size-5 text-primary" aria-hidden />
        Keyplane
      </Link>
      {NAV_ITEMS.filter((item) => !item.permission || can({ orgRole: role }, item.permission)).map((item) => {
        const href = item.segment ? `${base}/${item.segment}` : base;
        const active = item.segment
          ? pathname === href || pathname.startsWith(`${href}/`)
          : pathname === base;
        return (
          <Link
            key={item.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium text-muted-foreground transition-colors",
              "hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              active && "bg-accent text-accent-foreground",
            )}
          >
            <item.icon className="size-4" aria-hidden />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
