"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { Spinner } from "@/components/ui/spinner";
import type { ActionResult } from "@/lib/actions/result";
import type { ChainCheck } from "@/lib/audit/chain-check";
import { formatDateTime } from "@/lib/format";
import { checkAuditChainAction } from "@/lib/audit/actions";

const numberFormat = new Intl.NumberFormat("en-US");

/** "Verify chain": re-checks every entry's hash and link on the server and shows the verdict. */
export function VerifyChainButton({ organizationId }: { organizationId: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [open, setOpen] = React.useState(false);
  const [result, setResult] = React.useState<ActionResult<ChainCheck> | null>(null);
  const [pending, startTransition] = React.useTransition();

  // The bad entry may be on any page: the server loads it for the detail panel by its id.
  function openEntry(entryId: string) {
    const params = new URLSearchParams(searchParams.toString());
    params.set("entry", entryId);
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  }

  function verify() {
    startTransition(async () => {
      setResult(null);
      setResult(await checkAuditChainAction({ organizationId }));
    });
  }

  return (
    <>
      <Button
        variant="outline"
        onClick={() => {
          setOpen(true);
          verify();
        }}
      >
        <ShieldCheck aria-hidden /> Verify chain
      </Button>
      <DialogShell
        open={open}
        onOpenChange={setOpen}
        className="sm:max-w-lg"
        title="Verify the audit chain"
        description="Recomputes every entry's hash and checks that each links to the one before it, from the first entry to the newest."
        footer={
          <>
            <Button variant="outline" onClick={verify} disabled={pending}>
              Verify again
            </Button>
            <Button onClick={() => setOpen(false)}>Close</Button>
          </>
        }
      >
        <div aria-live="polite" aria-busy={pending || undefined} className="min-h-24">
          {pending || !result ? (
            <p className="flex items-center gap-2 py-6 text-sm text-muted-foreground">
              <Spinner aria-hidden="true" /> Checking every entry…
            </p>
          ) : (
            <Verdict
              result={result}
              onOpenEntry={(id) => {
                setOpen(false);
                openEntry(id);
              }}
            />
          )}
        </div>
      </DialogShell>
    </>
  );
}

function Verdict({
  result,
  onOpenEntry,
}: {
  result: ActionResult<ChainCheck>;
  onOpenEntry: (entryId: string) => void;
}) {
  if (!result.ok) {
    return (
      <Alert variant="destructive">
        <ShieldAlert aria-hidden />
        <AlertTitle>The check could not run</AlertTitle>
        <AlertDescription>{result.message}</AlertDescription>
      </Alert>
    );
  }
  const verification = result.data;
  if (verification.ok) {
    const { count, head } = verification;
    return (
      <Alert variant="success">
        <ShieldCheck aria-hidden />
        <AlertTitle>Chain intact</AlertTitle>
        <AlertDescription>
          {count === 0 ? (
            "The log has no entries yet."
          ) : (
            <>
              All {numberFormat.format(count)} {count === 1 ? "entry links" : "entries link"} up, from #1 to #
              {head?.seq}. Newest entry: {formatDateTime(head?.createdAt)}.
            </>
          )}
        </AlertDescription>
      </Alert>
    );
  }
  const { problem, checked } = verification;
  return (
    <Alert variant="destructive">
      <ShieldAlert aria-hidden />
      <AlertTitle className="flex flex-wrap items-center gap-2">
        Chain broken at entry #{problem.seq}
        <Badge variant="destructive" className="capitalize">
          {problem.kind}
        </Badge>
      </AlertTitle>
      <AlertDescription className="grid gap-2">
        <p>{problem.message}</p>
        <p>
          {numberFormat.format(checked)} {checked === 1 ? "entry" : "entries"} before it checked out. Keep
          this log as evidence and compare it with an export, or check a signed checkpoint kept elsewhere (
          <code className="font-mono">npm run audit:verify -- --checkpoint FILE</code>).
        </p>
        {problem.entryId ? (
          <Button
            variant="outline"
            size="sm"
            className="justify-self-start"
            onClick={() => problem.entryId && onOpenEntry(problem.entryId)}
          >
            Open entry #{problem.seq}
          </Button>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}
