"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Download, FileSignature, Plus } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { createCheckpointAction } from "@/lib/audit/actions";
import type { CheckpointListItem } from "@/lib/audit/queries";
import { formatDateTime } from "@/lib/format";
import { downloadJson } from "./download";

type Props = {
  organizationId: string;
  rows: CheckpointListItem[];
  newest: { fileName: string; json: string } | null;
  canCreate: boolean;
  anchored: boolean;
};

/**
 * Signed checkpoints of the chain head, newest first. The server makes one every hour (when the log
 * moved); owners and admins can make one at once. The newest downloads as a JSON file that
 * `npm run audit:verify -- --checkpoint FILE` checks later: kept outside Keyplane, it shows whether
 * entries were deleted or the log rewritten since.
 */
export function Checkpoints({ organizationId, rows, newest, canCreate, anchored }: Props) {
  const router = useRouter();
  const [pending, startTransition] = React.useTransition();

  function create() {
    startTransition(async () => {
      const result = await createCheckpointAction({ organizationId });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(`Checkpoint #${result.data.seq} signed`);
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="checkpoints-title" className="grid gap-3 rounded-lg border bg-card px-4 py-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-3">
          <div className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <FileSignature className="size-4" aria-hidden />
          </div>
          <div className="grid gap-0.5">
            <h2 id="checkpoints-title" className="text-sm font-medium">
              Signed checkpoints
            </h2>
            <p className="text-xs text-muted-foreground">
              The chain head, signed with this installation&apos;s Ed25519 key every hour and on demand
              {anchored ? ", and sent to the anchor" : ""}. Keep one outside Keyplane and check it with{" "}
              <code className="font-mono">npm run audit:verify -- --checkpoint FILE</code>.
            </p>
          </div>
        </div>
        <div className="flex shrink-0 gap-2">
          {newest ? (
            <Button variant="outline" size="sm" onClick={() => downloadJson(newest.fileName, newest.json)}>
              <Download aria-hidden /> Download newest
            </Button>
          ) : null}
          {canCreate ? (
            <Button size="sm" onClick={create} disabled={pending} aria-busy={pending || undefined}>
              {pending ? <Spinner aria-hidden="true" /> : <Plus aria-hidden />} Create checkpoint now
            </Button>
          ) : null}
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No checkpoints yet. The server signs the chain head within the hour
          {canCreate ? ", or create one now" : ""}.
        </p>
      ) : (
        <Table aria-label="Checkpoints">
          <TableHeader>
            <TableRow>
              <TableHead>Entry</TableHead>
              <TableHead>Signed</TableHead>
              <TableHead>Hash</TableHead>
              <TableHead>By</TableHead>
              <TableHead>Key</TableHead>
              {anchored ? <TableHead>Anchor</TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id}>
                <TableCell className="font-mono">#{row.seq}</TableCell>
                <TableCell>{formatDateTime(row.createdAt)}</TableCell>
                <TableCell className="max-w-48 truncate font-mono text-xs" title={row.hash}>
                  {row.hash}
                </TableCell>
                <TableCell>{row.createdBy === "hourly" ? "Hourly" : row.createdBy}</TableCell>
                <TableCell className="font-mono text-xs">{row.publicKeyId}</TableCell>
                {anchored ? (
                  <TableCell>
                    {row.anchoredAt ? (
                      <Badge variant="secondary">Sent</Badge>
                    ) : (
                      <Badge variant="outline">Pending</Badge>
                    )}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
