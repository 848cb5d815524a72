"use client";

import { useMemo, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { KeyRound } from "lucide-react";
import { toast } from "sonner";
import {
  deleteKeyAction,
  regenerateSecretAction,
  revokeKeyAction,
  viewSecretAction,
} from "@/lib/keys/actions";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { EmptyState } from "@/components/ui/empty-state";
import type { KeyPage, KeyRow } from "@/lib/keys/queries";
import {
  deleteKeySchema,
  regenerateSecretSchema,
  revokeKeySchema,
  viewSecretSchema,
} from "@/lib/keys/schemas";
import { ConnectPanel, connectKeyFromDetails, connectKeyFromRow } from "./connect-panel";
import { CreateKeyDialog } from "./create-key-dialog";
import { GuardedKeyDialog } from "./guarded-key-dialog";
import { keyColumns } from "./key-columns";
import { KeyDetailsSheet, type KeyDetailsWithAudit } from "./key-details-sheet";
import type { KeyMenuAction } from "./key-row-menu";
import { RevealSecretsDialog } from "./reveal-secrets-dialog";
import { RollKeyDialog } from "./roll-key-dialog";
import { SetStateDialog } from "./set-state-dialog";
import type { ConnectKey, KeyTableContext, RevealedSecrets } from "./types";

type Guarded =
  | { kind: "regenerate"; key: KeyRow; slot: "primary" | "secondary" }
  | { kind: "revoke"; key: KeyRow }
  | { kind: "delete"; key: KeyRow }
  | { kind: "view"; key: { id: string; label: string }; slot: "primary" | "secondary" };

const STATE_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "expiring", label: "Expiring soon" },
  { value: "disabled", label: "Disabled" },
  { value: "expired", label: "Expired" },
  { value: "revoked", label: "Revoked" },
];

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
  const [roll, setRoll] = useState<KeyRow | null>(null);
  const [stateChange, setStateChange] = useState<{
    id: string;
    label: string;
    version: number;
    to: "disable" | "enable";
  } | null>(null);
  const [guarded, setGuarded] = useState<Guarded | null>(null);
  const [connect, setConnect] = useState<ConnectKey | null>(null);
  // Closing the panel hides it at once; the URL (and the server's props) follow.
  const [dismissed, setDismissed] = useState<string | null>(null);
  const shownDetails = details && details.id !== dismissed ? details : null;
  const returnTo = `${pathname}?${searchParams.toString()}`;

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
        onAction: (action: KeyMenuAction, row: KeyRow) => {
          if (action === "details") openDetails(row.id);
          else if (action === "connect") setConnect(connectKeyFromRow(row, context.systems));
          else if (action === "edit") openDetails(row.id, "edit");
          else if (action === "disable" || action === "enable") setStateChange({ ...row, to: action });
          else if (action === "roll") setRoll(row);
          else if (action === "regenerate-primary")
            setGuarded({ kind: "regenerate", key: row, slot: "primary" });
          else if (action === "regenerate-secondary")
            setGuarded({ kind: "regenerate", key: row, slot: "secondary" });
          else if (action === "revoke") setGuarded({ kind: "revoke", key: row });
          else setGuarded({ kind: "delete", key: row });
        },
      }),
    // openDetails reads the current URL each time; columns only depend on the context.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [context.canManage, context.scope.type, searchParams],
  );

  const createButton = context.canManage ? (
    <CreateKeyDialog context={context} onCreated={setRevealed} />
  ) : null;
  const closeGuarded = () => setGuarded(null);
  const common = { totpEnabled: context.totpEnabled, returnTo, onClose: closeGuarded };

  return (
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
          toolbar={
            <DataTableToolbar
              searchPlaceholder="Search label or description…"
              filters={[{ param: "state", title: "State", options: STATE_OPTIONS, multiple: true }]}
              actions={createButton}
            />
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
        onViewSecret={(slot) => details && setGuarded({ kind: "view", key: details, slot })}
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
      <RollKeyDialog
        keyRef={roll}
        totpEnabled={context.totpEnabled}
        systems={context.systems}
        returnTo={returnTo}
        onClose={() => setRoll(null)}
        onRevealed={setRevealed}
      />
      <SetStateDialog target={stateChange} onClose={() => setStateChange(null)} />
      {guarded?.kind === "regenerate" ? (
        <GuardedKeyDialog
          {...common}
          open
          title={`${guarded.slot === "secondary" && !guarded.key.hasSecondary ? "Add a secondary secret to" : `Regenerate the ${guarded.slot} secret of`} ${guarded.key.label}`}
          description={
            guarded.slot === "secondary" && !guarded.key.hasSecondary
              ? "A second secret is made and shown once. The primary keeps working."
              : `The current ${guarded.slot} secret stops working at once, and a new one is shown once.`
          }
          submitLabel={
            guarded.slot === "secondary" && !guarded.key.hasSecondary ? "Add secondary" : "Regenerate"
          }
          destructive={guarded.slot === "primary" || guarded.key.hasSecondary}
          confirmLabel={guarded.key.label}
          schema={regenerateSecretSchema}
          defaultValues={{ keyId: guarded.key.id, slot: guarded.slot, confirmLabel: "", totpCode: "" }}
          action={regenerateSecretAction}
          onSuccess={(result) => {
            closeGuarded();
            setRevealed({
              keyId: result.key.id,
              label: result.key.label,
              title: `New ${guarded.slot} secret`,
              connect: connectKeyFromDetails(result.key, context.systems),
              ...result.secrets,
            });
            router.refresh();
          }}
        />
      ) : null}
      {guarded?.kind === "revoke" ? (
        <GuardedKeyDialog
          {...common}
          open
          title={`Revoke ${guarded.key.label}?`}
          description="The key stops working for good: data planes are told it is revoked, and no secret can be shown again. It stays listed, marked revoked, until you delete it."
          submitLabel="Revoke key"
          destructive
          confirmLabel={guarded.key.label}
          schema={revokeKeySchema}
          defaultValues={{ keyId: guarded.key.id, confirmLabel: "", totpCode: "" }}
          action={revokeKeyAction}
          onSuccess={() => {
            closeGuarded();
            toast.success(`${guarded.key.label} revoked`);
            router.refresh();
          }}
        />
      ) : null}
      {guarded?.kind === "delete" ? (
        <GuardedKeyDialog
          {...common}
          open
          title={`Delete ${guarded.key.label}?`}
          description="The revoked key is removed from the list. Its audit entries stay."
          submitLabel="Delete key"
          destructive
          schema={deleteKeySchema}
          defaultValues={{ keyId: guarded.key.id, totpCode: "" }}
          action={deleteKeyAction}
          onSuccess={() => {
            closeGuarded();
            toast.success(`${guarded.key.label} deleted`);
            router.refresh();
          }}
        />
      ) : null}
      {guarded?.kind === "view" ? (
        <GuardedKeyDialog
          {...common}
          open
          title={`View the ${guarded.slot} secret of ${guarded.key.label}`}
          description="This organization keeps retrievable secrets. Viewing one is recorded in the audit log."
          submitLabel="Show secret"
          schema={viewSecretSchema}
          defaultValues={{ keyId: guarded.key.id, slot: guarded.slot, totpCode: "" }}
          action={viewSecretAction}
          onSuccess={(result) => {
            closeGuarded();
            setRevealed({
              keyId: result.key.id,
              label: result.key.label,
              title: `The ${guarded.slot} secret`,
              connect: connectKeyFromDetails(result.key, context.systems),
              ...result.secrets,
            });
          }}
        />
      ) : null}
    </div>
  );
}
