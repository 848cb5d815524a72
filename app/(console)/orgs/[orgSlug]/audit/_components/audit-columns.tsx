"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { sortableColumn } from "@/components/data-table/column-header";
import { Badge } from "@/components/ui/badge";
import type { AuditEntryView } from "@/lib/audit/entry";
import { auditActionLabel } from "@/lib/audit/action-names";
import { formatDateTime } from "@/lib/format";

export function OutcomeBadge({ outcome }: { outcome: string }) {
  if (outcome === "success") return null;
  return (
    <Badge variant={outcome === "denied" ? "destructive" : "warning"} className="capitalize">
      {outcome}
    </Badge>
  );
}

export function ActorTypeBadge({ type }: { type: string }) {
  if (type === "user") return null;
  return (
    <Badge variant="outline" className="font-normal">
      {type === "key" ? "API key" : type}
    </Badge>
  );
}

// Column ids double as sort fields; the log sorts by seq only (time order).
export const auditColumns: ColumnDef<AuditEntryView>[] = [
  sortableColumn("seq", "#", {
    cell: ({ row }) => <span className="font-mono text-xs text-muted-foreground">{row.original.seq}</span>,
    sortDescFirst: true,
    meta: { className: "w-20" },
  }),
  {
    id: "createdAt",
    header: "When",
    enableSorting: false,
    cell: ({ row }) => (
      <time dateTime={row.original.createdAt.toISOString()} className="whitespace-nowrap">
        {formatDateTime(row.original.createdAt)}
      </time>
    ),
  },
  {
    id: "actor",
    header: "Actor",
    enableSorting: false,
    cell: ({ row }) => (
      <span className="flex max-w-56 items-center gap-2">
        <span className="truncate" title={row.original.actorLabel}>
          {row.original.actorLabel}
        </span>
        <ActorTypeBadge type={row.original.actorType} />
      </span>
    ),
  },
  {
    id: "action",
    header: "Action",
    enableSorting: false,
    cell: ({ row }) => (
      <span className="flex items-center gap-2">
        <span className="font-medium">{auditActionLabel(row.original.action)}</span>
        <OutcomeBadge outcome={row.original.outcome} />
      </span>
    ),
  },
  {
    id: "target",
    header: "Target",
    enableSorting: false,
    cell: ({ row }) => {
      const { targetType, targetLabel, targetId } = row.original;
      return (
        <span className="flex max-w-64 flex-col">
          <span className="truncate" title={targetLabel ?? targetId ?? undefined}>
            {targetLabel ?? targetId ?? "—"}
          </span>
          <span className="text-xs text-muted-foreground">{targetType}</span>
        </span>
      );
    },
  },
  {
    id: "ip",
    header: "IP",
    enableSorting: false,
    cell: ({ row }) => (
      <span className="font-mono text-xs text-muted-foreground">{row.original.ip ?? "—"}</span>
    ),
    meta: { className: "hidden lg:table-cell" },
  },
];
