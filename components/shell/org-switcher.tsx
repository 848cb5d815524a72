"use client";

import Link from "next/link";
import { Building2, Check, ChevronsUpDown, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenuItem, DropdownMenuSeparator, Menu } from "@/components/ui/dropdown-menu";

type Org = { id: string; name: string; slug: string; role: string };

export function OrgSwitcher({ current, organizations }: { current: Org; organizations: Org[] }) {
  return (
    <Menu
      trigger={
        <Button
          variant="outline"
          className="max-w-64 justify-between gap-2"
          aria-label={`Organization: ${current.name}. Switch organization`}
        >
          <Building2 className="size-4 shrink-0 text-muted-foreground" aria-hidden />
          <span className="truncate">{current.name}</span>
          <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        </Button>
      }
      label="Organizations"
      align="start"
      className="w-64"
    >
      {organizations.map((org) => (
        <DropdownMenuItem key={org.id} asChild>
          <Link href={`/orgs/${org.slug}`} className="flex items-center justify-between gap-2">
            <span className="truncate">{org.name}</span>
            {org.id === current.id ? <Check className="size-4" aria-label="current" /> : null}
          </Link>
        </DropdownMenuItem>
      ))}
      <DropdownMenuSeparator />
      <DropdownMenuItem asChild>
        <Link href="/orgs/new" className="flex items-center gap-2">
          <Plus className="size-4" aria-hidden />
          Create organization
        </Link>
      </DropdownMenuItem>
    </Menu>
  );
}
