"use client";

import {
  Ban,
  Eye,
  KeyRound,
  MoreHorizontal,
  Pencil,
  Play,
  Plug,
  RefreshCw,
  RotateCw,
  Trash2,
  XCircle,
} from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type KeyMenuAction =
  | "details"
  | "connect"
  | "edit"
  | "disable"
  | "enable"
  | "roll"
  | "regenerate-primary"
  | "regenerate-secondary"
  | "revoke"
  | "delete";

type RowLike = { label: string; state: "active" | "disabled" | "revoked"; hasSecondary: boolean };

/**
 * Which lifecycle actions apply to a key in this state (ARCHITECTURE.md, "Keys and their lifecycle"). Connecting a data
 * plane shows no secret, so whoever sees the key may open it; a revoked key has nothing to connect.
 */
export function actionsFor(row: RowLike, canManage: boolean): KeyMenuAction[] {
  if (row.state === "revoked") return canManage ? ["details", "delete"] : ["details"];
  if (!canManage) return ["details", "connect"];
  return [
    "details",
    "connect",
    "edit",
    row.state === "active" ? "disable" : "enable",
    "roll",
    "regenerate-primary",
    "regenerate-secondary",
    "revoke",
  ];
}

const ITEMS: Record<
  KeyMenuAction,
  { label: (row: RowLike) => string; icon: typeof Eye; destructive?: boolean }
> = {
  details: { label: () => "View details", icon: Eye },
  connect: { label: () => "Connect a data plane…", icon: Plug },
  edit: { label: () => "Edit", icon: Pencil },
  disable: { label: () => "Disable", icon: Ban },
  enable: { label: () => "Enable", icon: Play },
  roll: { label: () => "Roll primary secret…", icon: RotateCw },
  "regenerate-primary": { label: () => "Regenerate primary…", icon: RefreshCw },
  "regenerate-secondary": {
    label: (row) => (row.hasSecondary ? "Regenerate secondary…" : "Add secondary secret…"),
    icon: KeyRound,
  },
  revoke: { label: () => "Revoke…", icon: XCircle, destructive: true },
  delete: { label: () => "Delete…", icon: Trash2, destructive: true },
};

export function KeyRowMenu({
  row,
  canManage,
  onAction,
}: {
  row: RowLike;
  canManage: boolean;
  onAction: (action: KeyMenuAction) => void;
}) {
  const actions = actionsFor(row, canManage);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${row.label}`}>
          <MoreHorizontal aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel className="truncate">{row.label}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {actions.map((action) => {
          const item = ITEMS[action];
          return (
            <DropdownMenuItem
              key={action}
              variant={item.destructive ? "destructive" : undefined}
              onSelect={() => onAction(action)}
            >
              <item.icon aria-hidden />
              {item.label(row)}
            </DropdownMenuItem>
          );
        })}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
