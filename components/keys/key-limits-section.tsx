"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useActionForm } from "@/components/forms/use-action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SheetField, SheetSection } from "@/components/ui/sheet";
import { topUpCreditsAction } from "@/lib/keys/actions";
import type { KeyDetails } from "@/lib/keys/details";
import type { KeyCredits, KeyRatelimit } from "@/lib/keys/limits";
import { topUpCreditsSchema } from "@/lib/keys/schemas";

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

/** "Top up": adds credits to the balance as it is now (spends since the page loaded stay spent). */
function TopUpForm({ keyId }: { keyId: string }) {
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: topUpCreditsSchema,
    defaultValues: { keyId, amount: "" },
    action: topUpCreditsAction,
    onSuccess: (_data, done) => {
      toast.success("Credits added");
      done.reset({ keyId, amount: "" });
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 flex flex-wrap items-start gap-2">
      <FormField label="Add credits" error={form.formState.errors.amount} className="w-40">
        <Input inputMode="numeric" placeholder="500" {...form.register("amount")} />
      </FormField>
      <Button type="submit" variant="outline" className="mt-[22px]" loading={pending}>
        Top up
      </Button>
    </form>
  );
}
