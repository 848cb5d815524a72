"use client";

import { Fragment } from "react";
import { MoreHorizontal, type LucideIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { TableHead } from "@/components/ui/table";
import { DropdownMenuItem, DropdownMenuSeparator, Menu } from "@/components/ui/dropdown-menu";

export type RowAction = {
  key: string;
  label: string;
  icon: LucideIcon;
  destructive?: boolean;
  /** Set the item apart from the ones above it (a line between). */
  separated?: boolean;
  onSelect: () => void;
};

/** The "…" menu at the end of a table row: the row's name as its heading, then its actions. */
export function RowActionsMenu({
  name,
  actions,
  className = "w-56",
}: {
  name: string;
  actions: RowAction[];
  className?: string;
}) {
  return (
    <Menu
      trigger={
        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${name}`}>
          <MoreHorizontal aria-hidden />
        </Button>
      }
      label={name}
      labelClassName="truncate"
      align="end"
      className={className}
    >
      <DropdownMenuSeparator />
      {actions.map((action) => (
        <Fragment key={action.key}>
          {action.separated ? <DropdownMenuSeparator /> : null}
          <DropdownMenuItem
            variant={action.destructive ? "destructive" : undefined}
            onSelect={action.onSelect}
          >
            <action.icon aria-hidden />
            {action.label}
          </DropdownMenuItem>
        </Fragment>
      ))}
    </Menu>
  );
}

/** The heading of the row-actions column: no visible text, "Actions" for screen readers. */
export function RowActionsHead({ className = "w-12" }: { className?: string }) {
  return (
    <TableHead className={className}>
      <span className="sr-only">Actions</span>
    </TableHead>
  );
}
