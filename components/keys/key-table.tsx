"use client";

import { useMemo, useState } from "react";
import type { RowSelectionState } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { KeyRound } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { EmptyState } from "@/components/ui/empty-state";
import type { KeyPage, KeyRow } from "@/lib/keys/queries";
import { KEY_FILTER_STATES, type KeyFilterState } from "@/lib/keys/list-params";
import type { BulkAction, SecretSlot } from "@/lib/keys/schemas";
import { BulkActionBar, BulkActionDialog, type BulkTarget } from "./bulk-actions";
import { ConnectPanel, connectKeyFromRow } from "./connect-panel";
import { CreateKeyDialog } from "./create-key-dialog";
import { KeyActionContext, keyColumns } from "./key-columns";
import { KeyDetailsSheet, type KeyDetailsWithAudit } from "./key-details-sheet";
import type { KeyMenuAction } from "./key-row-menu";
import { RegenerateSecretDialog } from "./regenerate-secret-dialog";
import { RevealSecretsDialog } from "./reveal-secrets-dialog";
import { DeleteKeyDialog, EndGraceDialog, RevokeKeyDialog } from "./key-end-dialogs";
import { RollKeyDialog } from "./roll-key-dialog";
import { SetStateDialog } from "./set-state-dialog";
import type { ConnectKey, KeyTableContext, RevealedSecrets } from "./types";
import { ViewSecretDialog } from "./view-secret-dialog";

/** The one key dialog open at a time; each dialog component renders only while it is chosen. */
type OpenDialog =
  | { kind: "roll" | "revoke" | "delete"; key: KeyRow }
  | { kind: "disable" | "enable"; key: KeyRow }
  | { kind: "regenerate"; key: KeyRow; slot: SecretSlot }
  | { kind: "view"; key: { id: string; label: string }; slot: SecretSlot }
  | { kind: "end-grace"; key: { id: string; label: string } };

const STATE_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "expiring", label: "Expiring soon" },
  { value: "disabled", label: "Disabled" },
  { value: "expired", label: "Expired" },
  { value: "revoked", label: "Revoked" },
];

/** "Expires within" offers the organization's expiry warnings, then a month and a quarter. */
function expiresWithinOptions(warningDays: readonly number[]) {
  return [...new Set([...warningDays, 30, 90])]
    .sort((a, b) => a - b)
    .map((days) => ({ value: String(days), label: days === 1 ? "1 day" : `${days} days` }));
}

type Props = {
  context: KeyTableContext;
  page: KeyPage;
  sort: { field: string; dir: "asc" | "desc" };
  details: KeyDetailsWithAudit | null;
  detailsMode: "view" | "edit";
  filtered: boolean;
};

export function KeyTable({ context, page, sort, details, detailsMode, filtered }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [revealed, setRevealed] = useState<RevealedSecrets | null>(null);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [connect, setConnect] = useState<ConnectKey | null>(null);
  // Closing the panel hides it at once; the URL (and the server's props) follow.
  const [dismissed, setDismissed] = useState<string | null>(null);
  const shownDetails = details && details.id !== dismissed ? details : null;
  const returnTo = `${pathname}?${searchParams.toString()}`;
  // The bulk selection: rows by id (kept across pages, with the rows seen, for the export), or
  // every key the filter matches.
  const [selected, setSelected] = useState<RowSelectionState>({});
  const [seenRows, setSeenRows] = useState<Record<string, KeyRow>>({});
  const [allMatching, setAllMatching] = useState(false);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const selectedIds = Object.keys(selected).filter((id) => selected[id]);

  function changeSelection(next: RowSelectionState) {
    setAllMatching(false);
    setSelected(next);
    setSeenRows((rows) => ({ ...rows, ...Object.fromEntries(page.rows.map((row) => [row.id, row])) }));
  }

  function clearSelection() {
    setSelected({});
    setAllMatching(false);
  }

  function bulkTarget(): BulkTarget {
    if (!allMatching) return { keyIds: selectedIds };
    const states = searchParams
      .getAll("state")
      .flatMap((value) => value.split(","))
      .filter((value): value is KeyFilterState => (KEY_FILTER_STATES as readonly string[]).includes(value));
    const expiresWithin = Number(searchParams.get("expiresWithin"));
    return {
      filter: {
        q: searchParams.get("q") ?? undefined,
        state: states.length > 0 ? states : undefined,
        expiresWithin: Number.isInteger(expiresWithin) && expiresWithin > 0 ? expiresWithin : undefined,
      },
    };
  }

  function openDetails(keyId: string | null, mode: "view" | "edit" = "view") {
    setDismissed(keyId ? null : (details?.id ?? null));
    const params = new URLSearchParams(searchParams.toString());
    if (keyId) params.set("key", keyId);
    else params.delete("key");
    if (keyId && mode === "edit") params.set("mode", "edit");
    else params.delete("mode");
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  }

  const columns = useMemo(
    () =>
      keyColumns({
        canManage: context.canManage,
        showScope: context.scope.type === "organization",
        showCredits: page.usesCredits,
      }),
    [context.canManage, context.scope.type, page.usesCredits],
  );

  function onAction(action: KeyMenuAction, row: KeyRow) {
    if (action === "details") openDetails(row.id);
    else if (action === "edit") openDetails(row.id, "edit");
    else if (action === "connect") setConnect(connectKeyFromRow(row, context.systems));
    else if (action === "regenerate-primary") setDialog({ kind: "regenerate", key: row, slot: "primary" });
    else if (action === "regenerate-secondary")
      setDialog({ kind: "regenerate", key: row, slot: "secondary" });
    else setDialog({ kind: action, key: row });
  }

  const createButton = context.canManage ? (
    <CreateKeyDialog
      context={context}
      onCreated={setRevealed}
      initiallyOpen={searchParams.get("create") === "1"}
    />
  ) : null;
  const guarded = {
    totpEnabled: context.totpEnabled,
    passkeyEnabled: context.passkeyEnabled,
    returnTo,
    onClose: () => setDialog(null),
  };

  return (
    <KeyActionContext value={onAction}>
      <div className="grid gap-4">
        {page.total === 0 && !filtered ? (
          <EmptyState
            icon={KeyRound}
            title="No keys yet"
            description={
              context.scope.type === "system"
                ? "Create a key so this system's data planes can authenticate."
                : "Organization keys act for the whole organization, e.g. to manage keys through the REST API."
            }
            action={createButton}
          />
        ) : (
          <DataTable
            columns={columns}
            data={page.rows}
            pageCount={page.pageCount}
            totalCount={page.total}
            getRowId={(row) => row.id}
            onRowClick={(row) => openDetails(row.id)}
            defaultSort={sort}
            caption="Keys"
            itemLabel={["key", "keys"]}
            selection={{
              selected,
              onChange: changeSelection,
              rowLabel: (row) => `Select ${row.label}`,
            }}
            toolbar={
              <>
                <DataTableToolbar
                  searchPlaceholder="Search label or description…"
                  filters={[
                    { param: "state", title: "State", options: STATE_OPTIONS, multiple: true },
                    {
                      param: "expiresWithin",
                      title: "Expires within",
                      options: expiresWithinOptions(context.policy.expiryWarningDays),
                      multiple: false,
                    },
                  ]}
                  actions={createButton}
                />
                {selectedIds.length > 0 || allMatching ? (
                  <BulkActionBar
                    count={selectedIds.length}
                    total={page.total}
                    allMatching={allMatching}
                    canSelectAllMatching={
                      page.total > page.rows.length && page.rows.every((row) => selected[row.id])
                    }
                    canManage={context.canManage}
                    exportRows={
                      allMatching
                        ? []
                        : selectedIds.flatMap((id) => {
                            const row = page.rows.find((each) => each.id === id) ?? seenRows[id];
                            return row ? [row] : [];
                          })
                    }
                    onSelectAllMatching={() => setAllMatching(true)}
                    onClear={clearSelection}
                    onAction={setBulk}
                  />
                ) : null}
              </>
            }
            emptyState={
              <EmptyState
                icon={KeyRound}
                title="No keys match"
                description="Try other filters or clear the search."
                bare
              />
            }
          />
        )}

        <KeyDetailsSheet
          details={shownDetails}
          mode={detailsMode}
          context={context}
          onClose={() => openDetails(null)}
          onModeChange={(mode) => details && openDetails(details.id, mode)}
          onViewSecret={(slot) => details && setDialog({ kind: "view", key: details, slot })}
          onEndGrace={() => details && setDialog({ kind: "end-grace", key: details })}
        />
        <RevealSecretsDialog
          revealed={revealed}
          onClose={() => setRevealed(null)}
          retrievable={context.policy.retrievableSecrets}
          onConnect={revealed ? () => setConnect(revealed.connect) : undefined}
        />
        {/* The secret reaches the panel only while the reveal dialog beneath it still shows it. */}
        <ConnectPanel
          target={connect}
          publicUrl={context.publicUrl}
          systems={context.systems}
          secret={
            revealed && connect?.keyId === revealed.keyId
              ? (revealed.primary ?? revealed.secondary ?? null)
              : null
          }
          onClose={() => setConnect(null)}
        />
        {bulk ? (
          <BulkActionDialog
            action={bulk}
            target={bulkTarget()}
            context={context}
            onClose={() => setBulk(null)}
            onDone={() => {
              setBulk(null);
              clearSelection();
            }}
          />
        ) : null}
        {dialog?.kind === "roll" ? (
          <RollKeyDialog
            {...guarded}
            keyRef={dialog.key}
            systems={context.systems}
            onRevealed={setRevealed}
          />
        ) : null}
        {dialog?.kind === "disable" || dialog?.kind === "enable" ? (
          <SetStateDialog target={{ ...dialog.key, to: dialog.kind }} onClose={() => setDialog(null)} />
        ) : null}
        {dialog?.kind === "regenerate" ? (
          <RegenerateSecretDialog
            {...guarded}
            keyRow={dialog.key}
            slot={dialog.slot}
            systems={context.systems}
            onRevealed={setRevealed}
          />
        ) : null}
        {dialog?.kind === "revoke" ? <RevokeKeyDialog {...guarded} keyRef={dialog.key} /> : null}
        {dialog?.kind === "delete" ? <DeleteKeyDialog {...guarded} keyRef={dialog.key} /> : null}
        {dialog?.kind === "end-grace" ? <EndGraceDialog {...guarded} keyRef={dialog.key} /> : null}
        {dialog?.kind === "view" ? (
          <ViewSecretDialog
            {...guarded}
            keyRef={dialog.key}
            slot={dialog.slot}
            systems={context.systems}
            onRevealed={setRevealed}
          />
        ) : null}
      </div>
    </KeyActionContext>
  );
}
