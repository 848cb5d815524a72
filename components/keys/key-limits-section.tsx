"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { SheetField, SheetSection } from "@/components/ui/sheet";
import { topUpCreditsAction } from "@/lib/keys/actions";
import type { KeyDetails } from "@/lib/keys/details";
import type { KeyCredits, KeyRatelimit } from "@/lib/keys/limits";

// A key's rate limits, credits (with the refill schedule and "Top up") and metadata, in the
// details panel (README, "Rate limits, credits and metadata").

export function KeyLimitsSection({ details, canManage }: { details: KeyDetails; canManage: boolean }) {
  const { ratelimits, credits, meta, externalId } = details;
  return (
    <SheetSection id="key-limits" title="Limits and metadata">
      <dl className="grid gap-4 sm:grid-cols-2">
        <SheetField label="Rate limits">
          {ratelimits.length === 0 ? (
            "None"
          ) : (
            <span className="grid gap-1">
              {ratelimits.map((limit) => (
                <span key={limit.name}>{describeLimit(limit)}</span>
              ))}
            </span>
          )}
        </SheetField>
        <SheetField label="Credits">
          {credits ? <CreditsValue credits={credits} /> : "Not metered"}
        </SheetField>
        <SheetField label="External id">
          {externalId ? <code className="font-mono text-xs">{externalId}</code> : "None"}
        </SheetField>
        <SheetField label="Metadata">
          {meta ? (
            <pre className="max-h-40 overflow-auto rounded bg-muted p-2 font-mono text-xs">
              {JSON.stringify(meta, null, 2)}
            </pre>
          ) : (
            "None"
          )}
        </SheetField>
      </dl>
      {credits && canManage && details.state !== "revoked" ? <TopUpForm keyId={details.id} /> : null}
    </SheetSection>
  );
}

function describeLimit(limit: KeyRatelimit) {
  return (
    <>
      <code className="font-mono text-xs">{limit.name}</code>: {limit.limit.toLocaleString("en-US")} per{" "}
      {formatWindow(limit.durationMs)} {limit.autoApply ? null : <Badge variant="outline">when named</Badge>}
    </>
  );
}

function formatWindow(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

function CreditsValue({ credits }: { credits: KeyCredits }) {
  const refill = credits.refill;
  return (
    <>
      <span className="tabular-nums" data-testid="credits-remaining">
        {credits.remaining.toLocaleString("en-US")} left
      </span>
      {refill ? (
        <span className="block text-xs text-muted-foreground">
          Refilled to {refill.amount.toLocaleString("en-US")}{" "}
          {refill.interval === "daily" ? "every day" : `on day ${refill.day ?? 1} of each month`} (UTC)
        </span>
      ) : (
        <span className="block text-xs text-muted-foreground">No refill</span>
      )}
    </>
  );
}

function TopUpForm({ keyId }: { keyId: string }) {
  const router = useRouter();
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="mt-3 flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await topUpCreditsAction({ keyId, amount: Number(amount) });
          if (!result.ok) {
            setError(result.fieldErrors?.amount ?? result.message);
            return;
          }
          setError(null);
          setAmount("");
          router.refresh();
        });
      }}
    >
      <label className="grid gap-1 text-sm">
        <span>Add credits</span>
        <Input
          inputMode="numeric"
          className="w-32"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={error !== null}
        />
      </label>
      <Button type="submit" variant="outline" disabled={pending || !/^\d+$/.test(amount)}>
        Top up
      </Button>
      {error ? <p className="w-full text-sm text-destructive">{error}</p> : null}
    </form>
  );
}
