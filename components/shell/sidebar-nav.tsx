"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { KeySquare } from "lucide-react";
import { cn } from "@/lib/utils";
import type { OrgRole } from "@/lib/auth/permissions";
import { navItemsFor } from "./nav-items";

export function SidebarNav({ orgSlug, role }: { orgSlug: string; role: OrgRole }) {
  const pathname = usePathname();
  const base = `/orgs/${orgSlug}`;
  const { shown, hidden } = navItemsFor(role);
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 p-3">
      <Link
        href={base}
        className="mb-4 flex items-center gap-2 px-2 py-1.5 text-base font-semibold tracking-tight"
      >
        <KeySquare className="size-5 text-primary" aria-hidden />
        Keyplane
      </Link>
      {shown.map((item) => {
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
      {hidden.length > 0 ? (
        // Why sections are missing, so nobody hunts for them: the role decides (lib/auth/permissions.ts).
        <p className="mt-4 px-2.5 text-xs leading-relaxed text-muted-foreground" data-testid="nav-hint">
          {hidden.join(", ")}: for owners, admins and auditors. Ask an owner if you need them.
        </p>
      ) : null}
    </nav>
  );
}
