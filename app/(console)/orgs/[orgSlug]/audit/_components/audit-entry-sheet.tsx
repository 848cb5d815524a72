"use client";

import type { ReactNode } from "react";
import { Crosshair, UserRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DetailsSheet, SheetBody, SheetField, SheetHeading, SheetSection } from "@/components/ui/sheet";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditEntryView } from "@/lib/audit/entry";
import { auditActionLabel } from "@/lib/audit/action-names";
import { formatDateTime } from "@/lib/format";
import { ActorTypeBadge, OutcomeBadge } from "./audit-columns";

type Props = {
  entry: AuditEntryView | null;
  onClose: () => void;
  onFilter: (params: Record<string, string | null>) => void;
};

/** Every stored field of one entry: who, what, the before/after of each change, metadata, hashes. */
export function AuditEntrySheet({ entry, onClose, onFilter }: Props) {
  return (
    <DetailsSheet open={entry !== null} onClose={onClose}>
      {entry ? <EntryDetails entry={entry} onFilter={onFilter} /> : null}
    </DetailsSheet>
  );
}

function EntryDetails({ entry, onFilter }: { entry: AuditEntryView; onFilter: Props["onFilter"] }) {
  const actorParam =
    entry.actorType === "operator" || !entry.actorId
      ? entry.actorType
      : `${entry.actorType}:${entry.actorId}`;
  return (
    <>
      <SheetHeading
        title={
          <>
            {auditActionLabel(entry.action)}
            <OutcomeBadge outcome={entry.outcome} />
          </>
        }
        description={
          <>
            Entry #{entry.seq} ·{" "}
            <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt)}</time>
          </>
        }
      />
      <SheetBody className="grid gap-6 pb-6">
        <Section title="Who">
          <SheetField label="Actor">
            <span className="flex flex-wrap items-center gap-2">
              {entry.actorLabel}
              <ActorTypeBadge type={entry.actorType} />
            </span>
          </SheetField>
          <SheetField label="Actor ID" mono>
            {entry.actorId ?? "—"}
          </SheetField>
          <SheetField label="IP address" mono>
            {entry.ip ?? "—"}
          </SheetField>
          <SheetField label="User agent">
            <span className="break-words text-muted-foreground">{entry.userAgent ?? "—"}</span>
          </SheetField>
        </Section>
        <Section title="What">
          <SheetField label="Action" mono>
            {entry.action}
          </SheetField>
          <SheetField label="Outcome">
            <span className="capitalize">{entry.outcome}</span>
          </SheetField>
          <SheetField label="Target">
            {entry.targetLabel ?? "—"} <span className="text-muted-foreground">({entry.targetType})</span>
          </SheetField>
          <SheetField label="Target ID" mono>
            {entry.targetId ?? "—"}
          </SheetField>
        </Section>
        <div className="flex flex-wrap gap-2">
          {entry.targetId ? (
            <Button
              variant="outline"
              size="sm"
              onClick={() => onFilter({ targetType: entry.targetType, targetId: entry.targetId })}
            >
              <Crosshair aria-hidden /> History of this {entry.targetType}
            </Button>
          ) : null}
          <Button variant="outline" size="sm" onClick={() => onFilter({ actor: actorParam })}>
            <UserRound aria-hidden /> Everything by this actor
          </Button>
        </div>
        <ChangesTable changes={entry.changes} />
        <MetadataList metadata={entry.metadata} />
        <SheetSection id="audit-integrity" title="Integrity">
          <p className="text-xs text-muted-foreground">
            The hash covers every field above, the sequence number and the previous entry&apos;s hash, so a
            changed, removed or reordered entry breaks the chain.
          </p>
          <HashLine label="Hash" value={entry.hash} />
          <HashLine label="Previous hash" value={entry.prevHash} />
          <dl className="grid grid-cols-2 gap-3">
            <SheetField label="Sequence" mono>
              {entry.seq}
            </SheetField>
            <SheetField label="Recorded at (UTC)" mono>
              {entry.createdAt.toISOString()}
            </SheetField>
            <SheetField label="Entry ID" mono>
              {entry.id}
            </SheetField>
          </dl>
        </SheetSection>
      </SheetBody>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="grid gap-3">
      <h3 className="text-sm font-semibold">{title}</h3>
      <dl className="grid gap-3 sm:grid-cols-2">{children}</dl>
    </section>
  );
}

function HashLine({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid gap-1">
      <span className="text-xs font-medium tracking-wide text-muted-foreground uppercase">{label}</span>
      <div className="flex items-start gap-1 rounded-md border bg-muted/40 px-2 py-1.5">
        <code className="flex-1 font-mono text-xs break-all">{value}</code>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} className="-my-1 size-7" />
      </div>
    </div>
  );
}

type Change = { before: unknown; after: unknown };

function isChangeMap(value: unknown): value is Record<string, Change> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "object" && v !== null && "before" in v && "after" in v)
  );
}

function ChangesTable({ changes }: { changes: unknown }) {
  if (changes === null || changes === undefined) return null;
  return (
    <SheetSection id="audit-changes" title="Changes">
      {isChangeMap(changes) ? (
        <div className="overflow-hidden rounded-lg border">
          <Table>
            <TableHeader className="bg-muted/40">
              <TableRow className="hover:bg-transparent">
                <TableHead scope="col" className="w-1/4">
                  Field
                </TableHead>
                <TableHead scope="col">Before</TableHead>
                <TableHead scope="col">After</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {Object.entries(changes).map(([field, change]) => (
                <TableRow key={field} className="align-top hover:bg-transparent">
                  <TableCell className="font-mono text-xs whitespace-normal">{field}</TableCell>
                  <TableCell className="bg-destructive/5 whitespace-normal">
                    <Value value={change.before} />
                  </TableCell>
                  <TableCell className="bg-success/5 whitespace-normal">
                    <Value value={change.after} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : (
        <Value value={changes} />
      )}
    </SheetSection>
  );
}

function MetadataList({ metadata }: { metadata: unknown }) {
  if (metadata === null || metadata === undefined) return null;
  const entries =
    typeof metadata === "object" && !Array.isArray(metadata) ? Object.entries(metadata as object) : null;
  return (
    <SheetSection id="audit-metadata" title="Metadata">
      {entries ? (
        <dl className="grid gap-3 sm:grid-cols-2">
          {entries.map(([key, value]) => (
            <SheetField key={key} label={key}>
              <Value value={value} />
            </SheetField>
          ))}
        </dl>
      ) : (
        <Value value={metadata} />
      )}
    </SheetSection>
  );
}

/** A JSON value as people read it: text as is, empty as a dash, lists as chips, objects as JSON. */
function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") {
    return <span className="text-muted-foreground italic">empty</span>;
  }
  if (typeof value === "string") return <span className="break-words whitespace-pre-wrap">{value}</span>;
  if (typeof value === "number" || typeof value === "boolean") {
    return <span className="font-mono text-xs">{String(value)}</span>;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) {
    if (value.length === 0) return <span className="text-muted-foreground italic">none</span>;
    return (
      <span className="flex flex-wrap gap-1">
        {value.map((v, i) => (
          <code key={`${String(v)}-${i}`} className="rounded bg-muted px-1 py-0.5 font-mono text-xs">
            {String(v)}
          </code>
        ))}
      </span>
    );
  }
  return (
    <pre className="overflow-x-auto rounded-md bg-muted/60 p-2 font-mono text-xs whitespace-pre-wrap break-all">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
