"use client";

import { Download, Link2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDateTime } from "@/lib/format";
import { downloadJson } from "./download";

export type ChainHeadProps = {
  org: { id: string; slug: string; name: string };
  head: { seq: number; hash: string; createdAt: Date };
};

/** What `npm run audit:verify -- --head <file>` reads back (see scripts/audit-verify.ts). */
function chainHeadJson({ org, head }: ChainHeadProps): string {
  const document = {
    kind: "keyplane.audit.chain-head",
    organization: { id: org.id, slug: org.slug, name: org.name },
    seq: head.seq,
    hash: head.hash,
    createdAt: head.createdAt.toISOString(),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The newest entry's number, hash and time. Kept outside Keyplane (a ticket, a vault, another
 * system), it lets a later check prove that nothing up to it was removed or rewritten.
 */
export function ChainHead(props: ChainHeadProps) {
  const { head, org } = props;
  const json = chainHeadJson(props);
  return (
    <section
      aria-label="Chain head"
      className="flex flex-col gap-3 rounded-lg border bg-card px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="flex min-w-0 items-start gap-3">
        <div className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <Link2 className="size-4" aria-hidden />
        </div>
        <div className="grid min-w-0 gap-0.5">
          <p className="text-sm font-medium">
            Chain head <span className="font-mono">#{head.seq}</span>
            <span className="font-normal text-muted-foreground"> · {formatDateTime(head.createdAt)}</span>
          </p>
          <p className="truncate font-mono text-xs text-muted-foreground" title={head.hash}>
            <span className="sr-only">Hash: </span>
            {head.hash}
          </p>
        </div>
      </div>
      <div className="flex shrink-0 gap-2">
        <CopyButton
          value={json}
          label="Copy chain head"
          copiedLabel="Chain head copied"
          showLabel
          variant="outline"
        />
        <Button
          variant="outline"
          size="sm"
          onClick={() => downloadJson(`keyplane-chain-head-${org.slug}-${head.seq}.json`, json)}
        >
          <Download aria-hidden /> Download JSON
        </Button>
      </div>
    </section>
  );
}
