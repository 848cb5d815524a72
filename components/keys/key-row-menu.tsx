"use client";

import {
  Ban,
  Eye,
  KeyRound,
  Pencil,
  Play,
  Plug,
  RefreshCw,
  RotateCw,
  Trash2,
  XCircle,
  type LucideIcon,
} from "lucide-react";
import { RowActionsMenu } from "@/components/data-table/row-actions-menu";

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
function actionsFor(row: RowLike, canManage: boolean): KeyMenuAction[] {
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
  { label: (row: RowLike) => string; icon: LucideIcon; destructive?: boolean }
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
  return (
    <RowActionsMenu
      name={row.label}
      actions={actionsFor(row, canManage).map((action) => ({
        key: action,
        label: ITEMS[action].label(row),
        icon: ITEMS[action].icon,
        destructive: ITEMS[action].destructive,
        onSelect: () => onAction(action),
      }))}
    />
  );
}
