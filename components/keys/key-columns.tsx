"use client";

import { createContext, use } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { sortableColumn } from "@/components/data-table/column-header";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatRelative } from "@/lib/format";
import type { KeyRow } from "@/lib/keys/queries";
import { OldSecretInUseBadge } from "./key-impact";
import { KeyRowMenu, type KeyMenuAction } from "./key-row-menu";
import { KeyStatusBadge } from "./key-status-badge";

function creatorLabel(row: KeyRow): string {
  if (!row.createdBy) return "—";
  return row.createdBy.type === "user" ? row.createdBy.name || row.createdBy.email : "API key";
}

type KeyActionHandler = (action: KeyMenuAction, row: KeyRow) => void;

/** The table's handler for its row menus: a context, so the columns need not change with it. */
export const KeyActionContext = createContext<KeyActionHandler>(() => undefined);

function KeyActionsCell({ row, canManage }: { row: KeyRow; canManage: boolean }) {
  const onAction = use(KeyActionContext);
  return <KeyRowMenu row={row} canManage={canManage} onAction={(action) => onAction(action, row)} />;
}

export function keyColumns(options: {
  canManage: boolean;
  showScope: boolean;
  showCredits: boolean;
}): ColumnDef<KeyRow>[] {
  const columns: ColumnDef<KeyRow>[] = [
    sortableColumn("label", "Label", {
      cell: ({ row }) => (
        <div className="grid gap-0.5">
          <span className="flex items-center gap-2 font-medium">
            {row.original.label}
            {row.original.oldSecretInUse ? <OldSecretInUseBadge /> : null}
          </span>
          <code className="font-mono text-xs text-muted-foreground">{row.original.hint ?? "no secret"}</code>
        </div>
      ),
    }),
  ];
  if (options.showScope) {
    columns.push({
      id: "scope",
      header: "Scope",
      enableSorting: false,
      // On a phone the state matters more than the scope (the details panel shows it).
      meta: { className: "hidden sm:table-cell" },
      cell: ({ row }) => {
        const { scope, systemLimits } = row.original;
        if (scope.type === "system") return <Badge variant="outline">System · {scope.systemName}</Badge>;
        return (
          <span className="flex flex-col items-start gap-0.5">
            <Badge variant="outline">Organization</Badge>
            {systemLimits.length > 0 ? (
              <span className="text-xs text-muted-foreground">only {systemLimits.join(", ")}</span>
            ) : null}
          </span>
        );
      },
    });
  }
  if (options.showCredits) {
    columns.push({
      id: "credits",
      header: "Credits",
      enableSorting: false,
      // On a phone the row must fit beside the state badge; the balance is in the details panel.
      meta: { className: "hidden sm:table-cell" },
      cell: ({ row }) =>
        row.original.creditsRemaining === null ? (
          <span className="text-muted-foreground">—</span>
        ) : (
          <span className="tabular-nums">{row.original.creditsRemaining.toLocaleString("en-US")}</span>
        ),
    });
  }
  columns.push(
    {
      id: "permissions",
      header: "Permissions",
      enableSorting: false,
      meta: { className: "hidden lg:table-cell" },
      cell: ({ row }) => {
        const permissions = row.original.permissions;
        if (permissions.length === 0) return <span className="text-muted-foreground">—</span>;
        return (
          <span className="flex max-w-56 flex-wrap gap-1">
            {permissions.slice(0, 3).map((p) => (
              <Badge key={p} variant="secondary" className="font-mono text-[11px]">
                {p}
              </Badge>
            ))}
            {permissions.length > 3 ? <Badge variant="outline">+{permissions.length - 3}</Badge> : null}
          </span>
        );
      },
    },
    {
      id: "state",
      header: "State",
      enableSorting: false,
      cell: ({ row }) => (
        <KeyStatusBadge status={row.original.status} expiringSoon={row.original.expiringSoon} />
      ),
    },
    sortableColumn("expiresAt", "Expires", {
      // On a phone the state badge already says "expiring soon"; the date is in the details panel.
      meta: { className: "hidden sm:table-cell" },
      cell: ({ row }) => (
        <span className={row.original.expiringSoon ? "font-medium text-warning" : undefined}>
          {formatDate(row.original.expiresAt)}
        </span>
      ),
    }),
    sortableColumn("createdAt", "Created", {
      meta: { className: "hidden md:table-cell" },
      cell: ({ row }) => (
        <span className="grid gap-0.5">
          <span>{formatDate(row.original.createdAt)}</span>
          <span className="text-xs text-muted-foreground">by {creatorLabel(row.original)}</span>
        </span>
      ),
    }),
    sortableColumn("lastUsedAt", "Last used", {
      meta: { className: "hidden md:table-cell" },
      cell: ({ row }) => (
        <span className="text-muted-foreground">{formatRelative(row.original.lastUsedAt)}</span>
      ),
    }),
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      meta: { className: "w-12 text-right" },
      cell: ({ row }) => <KeyActionsCell row={row.original} canManage={options.canManage} />,
    },
  );
  return columns;
}
