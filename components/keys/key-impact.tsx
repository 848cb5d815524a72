"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime, formatRelative } from "@/lib/format";
import { keyImpactAction } from "@/lib/keys/actions";
import type { KeyImpact, SecretUsage } from "@/lib/usage/impact";

// Per-secret usage and the impact preview (README "Per-secret usage"): the figures come from
// keyImpact (lib/usage/impact.ts), through the page's props (details panel) or keyImpactAction
// (the roll, disable, revoke and regenerate dialogs, which open from a table row).

type Loaded = { impact: KeyImpact | null; error: string | null };

/** Loads a key's impact once when a dialog opens. */
function useKeyImpact(keyId: string): Loaded {
  const [state, setState] = useState<Loaded>({ impact: null, error: null });
  useEffect(() => {
    let live = true;
    void keyImpactAction({ keyId }).then((result) => {
      if (!live) return;
      setState(result.ok ? { impact: result.data, error: null } : { impact: null, error: result.message });
    });
    return () => {
      live = false;
    };
  }, [keyId]);
  return state;
}

export function secretSlotLabel(slot: SecretUsage["slot"]): string {
  if (slot === "rolled") return "Previous primary (in grace)";
  return slot === "primary" ? "Primary" : "Secondary";
}

/** The key table's and details panel's mark for a rolled secret used in the last hour. */
export function OldSecretInUseBadge() {
  return (
    <Badge variant="warning" title="The previous primary secret verified within the last hour">
      old secret still in use
    </Badge>
  );
}

function callCount(n: number): string {
  return `${n.toLocaleString("en")} ${n === 1 ? "call" : "calls"}`;
}

/** One secret's figures: last use, last client address, calls in the last hour and 24 hours. */
export function SecretUsageFigures({ secret }: { secret: SecretUsage }) {
  return (
    <dl
      className="grid grid-cols-2 gap-x-3 gap-y-0.5 text-xs text-muted-foreground sm:grid-cols-4"
      data-testid={`secret-usage-${secret.slot}`}
    >
      <div>
        <dt>Last used</dt>
        <dd className="text-foreground" title={formatDateTime(secret.lastUsedAt)}>
          {formatRelative(secret.lastUsedAt)}
        </dd>
      </div>
      <div>
        <dt>Last client</dt>
        <dd className="font-mono text-foreground">{secret.lastUsedIp ?? "—"}</dd>
      </div>
      <div>
        <dt>Last hour</dt>
        <dd className="text-foreground tabular-nums">{callCount(secret.callsLastHour)}</dd>
      </div>
      <div>
        <dt>24 hours</dt>
        <dd className="text-foreground tabular-nums">{callCount(secret.calls24h)}</dd>
      </div>
    </dl>
  );
}

/** Every secret of the key with its figures (the roll dialog). */
export function SecretUsageList({ keyId }: { keyId: string }) {
  const { impact, error } = useKeyImpact(keyId);
  if (error) return <p className="text-sm text-destructive">{error}</p>;
  if (!impact) return <Skeleton className="h-16" />;
  return (
    <section aria-label="Use of each secret" className="grid gap-2">
      <h3 className="text-sm font-medium">Use of each secret</h3>
      <ul className="grid gap-2">
        {impact.secrets.map((secret) => (
          <li key={secret.id} className="grid gap-1 rounded-md border p-2 text-sm">
            <span className="flex items-center gap-2">
              <span className="font-medium">{secretSlotLabel(secret.slot)}</span>
              <code className="font-mono text-xs text-muted-foreground">{secret.hint}</code>
              {secret.inUse ? <OldSecretInUseBadge /> : null}
            </span>
            <SecretUsageFigures secret={secret} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function systemsText(impact: KeyImpact): string {
  if (impact.allSystems) return "every system of the organization";
  return impact.systems.map((system) => system.name).join(", ") || "no system";
}

/** What a disable, revoke or regenerate will hit: recent calls, client addresses, last use, systems. */
export function ImpactPreview({ keyId, slot }: { keyId: string; slot?: "primary" | "secondary" }) {
  const { impact, error } = useKeyImpact(keyId);
  if (error) return <p className="text-sm text-destructive">{error}</p>;
  if (!impact) return <Skeleton className="h-20" />;
  const secret = slot ? impact.secrets.find((s) => s.slot === slot) : undefined;
  const calls = secret ? secret.calls24h : impact.calls24h;
  return (
    <section
      aria-label="Impact"
      className="grid gap-1.5 rounded-md border border-warning/30 bg-warning/5 p-3 text-sm"
      data-testid="impact-preview"
    >
      <h3 className="font-medium">What this change will hit</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-muted-foreground">Calls, last 24 hours</dt>
        <dd className="tabular-nums">
          {calls.toLocaleString("en")}
          {secret ? ` with this secret (${impact.calls24h.toLocaleString("en")} for the key)` : ""}
        </dd>
        <dt className="text-muted-foreground">Client addresses, last 24 hours</dt>
        <dd className="tabular-nums">{impact.addresses24h.toLocaleString("en")}</dd>
        <dt className="text-muted-foreground">Last use</dt>
        <dd>
          {impact.lastUsedAt ? formatDateTime(impact.lastUsedAt) : "Never"}
          {impact.lastUsedIp ? <span className="font-mono text-xs"> from {impact.lastUsedIp}</span> : null}
        </dd>
        <dt className="text-muted-foreground">Systems</dt>
        <dd>{systemsText(impact)}</dd>
      </dl>
    </section>
  );
}
