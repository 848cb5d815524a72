"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Download } from "lucide-react";
import { StepUpCodeInput } from "@/components/auth/step-up";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { formatRelative } from "@/lib/format";
import type { BulkReport } from "@/lib/keys/bulk";
import { bulkKeysAction } from "@/lib/keys/actions";
import { keysExport } from "@/lib/keys/export";
import type { KeyRow } from "@/lib/keys/queries";
import { bulkRevokeConfirmation, type BulkAction, type BulkKeysInput } from "@/lib/keys/schemas";
import type { KeyTableContext } from "./types";

// Bulk actions over the key table's selection (lib/keys/bulk.ts): a bar above the table, and a
// dialog that first previews what would change (each key's last use and calls in the last 24
// hours, what is skipped and why), then applies it and shows the report.

export type BulkTarget = { keyIds: string[] } | { filter: NonNullable<BulkKeysInput["filter"]> };

const VERB: Record<BulkAction, string> = { disable: "Disable", enable: "Enable", revoke: "Revoke" };
const SKIP_REASON: Record<string, string> = {
  state: "state",
  permission: "permission",
  not_found: "not found",
  conflict: "changed meanwhile",
};
const PREVIEW_ROWS = 50;

type BarProps = {
  count: number;
  total: number;
  allMatching: boolean;
  canSelectAllMatching: boolean;
  canManage: boolean;
  exportRows: KeyRow[];
  onSelectAllMatching: () => void;
  onClear: () => void;
  onAction: (action: BulkAction) => void;
};

export function BulkActionBar(props: BarProps) {
  const { count, total, allMatching } = props;
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 rounded-lg border bg-muted/40 px-3 py-2 text-sm"
    >
      <span className="font-medium" aria-live="polite">
        {allMatching ? `All ${total} matching keys selected` : `${count} selected`}
      </span>
      {props.canSelectAllMatching && !allMatching ? (
        <Button variant="link" size="sm" className="h-auto px-1" onClick={props.onSelectAllMatching}>
          Select all {total} matching the filter
        </Button>
      ) : null}
      <Button variant="ghost" size="sm" onClick={props.onClear}>
        Clear
      </Button>
      <div className="ml-auto flex flex-wrap gap-2">
        {props.canManage ? (
          <>
            <Button size="sm" variant="outline" onClick={() => props.onAction("disable")}>
              Disable
            </Button>
            <Button size="sm" variant="outline" onClick={() => props.onAction("enable")}>
              Enable
            </Button>
            <Button size="sm" variant="destructive" onClick={() => props.onAction("revoke")}>
              Revoke
            </Button>
          </>
        ) : null}
        <ExportButtons rows={props.exportRows} />
      </div>
    </div>
  );
}

/** The selected keys' metadata (never a secret) as CSV or JSON, made in the browser. */
function ExportButtons({ rows }: { rows: KeyRow[] }) {
  if (rows.length === 0) return null;
  function download(kind: "csv" | "json") {
    const text = keysExport(rows, kind);
    const url = URL.createObjectURL(
      new Blob([text], { type: kind === "json" ? "application/json" : "text/csv" }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = `keys.${kind}`;
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => download("csv")}>
        <Download aria-hidden="true" /> CSV
      </Button>
      <Button size="sm" variant="outline" onClick={() => download("json")}>
        <Download aria-hidden="true" /> JSON
      </Button>
    </>
  );
}

type DialogProps = {
  action: BulkAction;
  target: BulkTarget;
  context: KeyTableContext;
  onClose: () => void;
  onDone: () => void;
};

/** Preview, then (for revoke: the typed count and a code) apply, then the report. */
export function BulkActionDialog({ action, target, context, onClose, onDone }: DialogProps) {
  const router = useRouter();
  const [preview, setPreview] = useState<BulkReport | null>(null);
  const [report, setReport] = useState<BulkReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState("");
  const [totpCode, setTotpCode] = useState("");
  const [pending, setPending] = useState(true);
  const base = {
    organizationId: context.organizationId,
    systemId: context.scope.type === "system" ? context.scope.systemId : null,
    action,
    ...target,
  };
  const request = JSON.stringify(base);

  // The preview comes first, on opening: nothing changes until the person confirms.
  useEffect(() => {
    let alive = true;
    void bulkKeysAction({ ...(JSON.parse(request) as typeof base), dryRun: true }).then((result) => {
      if (!alive) return;
      setPending(false);
      if (result.ok) setPreview(result.data);
      else setError(result.message);
    });
    return () => {
      alive = false;
    };
  }, [request]);

  async function apply() {
    setPending(true);
    setError(null);
    const result = await bulkKeysAction({
      ...base,
      ...(action === "revoke" ? { confirm, totpCode } : {}),
    });
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      setFieldErrors(
        Object.fromEntries(
          Object.entries(result.fieldErrors ?? {}).map(([field, messages]) => [
            field,
            Array.isArray(messages) ? messages.join(" ") : String(messages),
          ]),
        ),
      );
      return;
    }
    setReport(result.data);
    toast.success(
      `${result.data.changed.length} ${result.data.changed.length === 1 ? "key" : "keys"} changed`,
    );
    router.refresh();
  }

  const shown = report ?? preview;
  const count = preview?.changed.length ?? 0;
  const expected = bulkRevokeConfirmation(count);
  const verb = VERB[action];

  return (
    <DialogShell
      open
      onOpenChange={(open) => (open ? null : report ? onDone() : onClose())}
      className="sm:max-w-2xl"
      title={report ? `${verb}: done` : `${verb} keys?`}
      description={
        report
          ? `${report.changed.length} changed, ${report.skipped.length} skipped. Each change has its own audit entry.`
          : preview
            ? `${count} ${count === 1 ? "key" : "keys"} would change; ${preview.skipped.length} would be skipped. Nothing has changed yet.`
            : "Checking which keys would change…"
      }
      footer={
        report ? (
          <Button onClick={onDone}>Done</Button>
        ) : (
          <>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant={action === "revoke" ? "destructive" : "default"}
              disabled={
                pending || !preview || count === 0 || (action === "revoke" && confirm.trim() !== expected)
              }
              onClick={() => void apply()}
            >
              {verb} {count} {count === 1 ? "key" : "keys"}
            </Button>
          </>
        )
      }
    >
      {shown ? <BulkPreviewTable report={shown} applied={Boolean(report)} /> : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      {preview && !report && action === "revoke" && count > 0 ? (
        <div className="grid gap-3">
          <FormField label={`Type "${expected}" to confirm`} error={fieldErrors.confirm} required>
            <Input value={confirm} autoComplete="off" onChange={(event) => setConfirm(event.target.value)} />
          </FormField>
          <StepUpCodeInput
            why="Revoking keys"
            value={totpCode}
            onChange={setTotpCode}
            error={fieldErrors.totpCode}
          />
        </div>
      ) : null}
    </DialogShell>
  );
}

function BulkPreviewTable({ report, applied }: { report: BulkReport; applied: boolean }) {
  const rows = report.changed.slice(0, PREVIEW_ROWS);
  return (
    <div className="grid max-h-80 gap-3 overflow-y-auto text-sm">
      {rows.length > 0 ? (
        <table className="w-full">
          <caption className="sr-only">{applied ? "Changed keys" : "Keys that would change"}</caption>
          <thead className="text-left text-muted-foreground">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                Key
              </th>
              {applied ? null : (
                <>
                  <th scope="col" className="py-1 pr-2 font-medium">
                    Last used
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    Calls (24 h)
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((key) => (
              <tr key={key.id} className="border-t">
                <td className="py-1 pr-2 break-all">{key.label}</td>
                {applied ? null : (
                  <>
                    <td className="py-1 pr-2 whitespace-nowrap">
                      {key.lastUsedAt ? formatRelative(key.lastUsedAt) : "Never"}
                    </td>
                    <td className="py-1 text-right tabular-nums">{key.calls24h.toLocaleString("en")}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.changed.length > PREVIEW_ROWS ? (
        <p className="text-muted-foreground">…and {report.changed.length - PREVIEW_ROWS} more.</p>
      ) : null}
      {report.skipped.length > 0 ? (
        <div>
          <h3 className="font-medium">Skipped ({report.skipped.length})</h3>
          <ul className="mt-1 grid gap-1">
            {report.skipped.slice(0, PREVIEW_ROWS).map((skip) => (
              <li key={skip.id}>
                <span className="break-all">{skip.label ?? skip.id}</span>{" "}
                <span className="text-muted-foreground">
                  ({SKIP_REASON[skip.reason]}): {skip.message}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
