"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { SearchX } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { AUDIT_FILTER_PARAMS, AUDIT_OUTCOMES } from "@/lib/audit/filters";
import type { AuditEntryView } from "@/lib/audit/entry";
import type { AuditFacets } from "@/lib/audit/facets";
import { auditActionLabel } from "@/lib/audit/action-names";
import { auditColumns } from "./audit-columns";
import { AuditEntrySheet } from "./audit-entry-sheet";
import { ActorFilter, TargetFilter, TimeFilter } from "./audit-filters";

type Props = {
  rows: AuditEntryView[];
  totalCount: number;
  pageCount: number;
  dir: "asc" | "desc";
  facets: AuditFacets;
  /** The entry named by `?entry=` when it is not on this page (e.g. opened from "Verify chain"). */
  linkedEntry: AuditEntryView | null;
};

const OUTCOME_OPTIONS = AUDIT_OUTCOMES.map((value) => ({
  value,
  label: value.charAt(0).toUpperCase() + value.slice(1),
}));

/** The log table, its filters and the entry detail panel, all bound to the URL. */
export function AuditLog({ rows, totalCount, pageCount, dir, facets, linkedEntry }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const entryId = searchParams.get("entry");
  const selected = entryId
    ? (rows.find((row) => row.id === entryId) ?? (linkedEntry?.id === entryId ? linkedEntry : null))
    : null;

  // Opening or closing the panel only rewrites the URL (shareable, no server round trip): the
  // row's data is already here.
  function showEntry(id: string | null) {
    const params = new URLSearchParams(searchParams.toString());
    if (id) params.set("entry", id);
    else params.delete("entry");
    const query = params.toString();
    window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
  }

  function applyFilter(updates: Record<string, string | null>) {
    const params = new URLSearchParams(searchParams.toString());
    params.delete("entry");
    params.delete("page");
    for (const [key, value] of Object.entries(updates)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  }

  const actionOptions = React.useMemo(
    () => facets.actions.map((a) => ({ value: a.value, label: auditActionLabel(a.value), count: a.count })),
    [facets.actions],
  );

  return (
    <>
      <DataTable
        columns={auditColumns}
        data={rows}
        pageCount={pageCount}
        totalCount={totalCount}
        getRowId={(row) => row.id}
        onRowClick={(row) => showEntry(row.id)}
        defaultSort={{ field: "seq", dir }}
        caption="Audit log entries"
        itemLabel={["entry", "entries"]}
        toolbar={
          <DataTableToolbar
            searchPlaceholder="Search actor, target, action…"
            filters={[
              { param: "action", title: "Action", options: actionOptions },
              { param: "outcome", title: "Outcome", options: OUTCOME_OPTIONS },
            ]}
            resetParams={AUDIT_FILTER_PARAMS.filter((p) => p !== "q" && p !== "action" && p !== "outcome")}
          >
            <ActorFilter actors={facets.actors} />
            <TargetFilter targetTypes={facets.targetTypes} />
            <TimeFilter />
          </DataTableToolbar>
        }
        emptyState={
          <EmptyState
            bare
            icon={SearchX}
            title="No entries match"
            description="Try another search, or widen the filters."
            action={
              <Button
                variant="outline"
                size="sm"
                onClick={() => applyFilter(Object.fromEntries(AUDIT_FILTER_PARAMS.map((p) => [p, null])))}
              >
                Clear filters
              </Button>
            }
          />
        }
      />
      <AuditEntrySheet entry={selected} onClose={() => showEntry(null)} onFilter={applyFilter} />
    </>
  );
}
