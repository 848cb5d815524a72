"use client";

import { useId, useState } from "react";
import { Info, ShieldAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { KeyDetails, KeyWithSecrets } from "@/lib/keys/details";
import type { KeyRow } from "@/lib/keys/queries";
import { buildConnectSnippets, defaultScope } from "@/lib/connect/snippets";
import {
  connectEndpoints,
  KEY_PLACEHOLDER,
  KEY_VARIABLE,
  type ConnectScope,
} from "@/lib/connect/snippets/shared";
import type { ConnectKey, KeyTableContext, RevealedSecrets } from "./types";

type Systems = KeyTableContext["systems"];

type Props = {
  /** The key to connect; null keeps the panel closed. */
  target: ConnectKey | null;
  publicUrl: string;
  /** The organization's systems (an unlimited organization key may act for any of them). */
  systems: Systems;
  /**
   * The key's secret, passed only while the reveal dialog shows it. Once that dialog closes the
   * caller passes null and every snippet reads $KEYPLANE_KEY instead.
   */
  secret: string | null;
  onClose: () => void;
};

/** Endpoints and ready-to-run snippets for a data plane of one key (ARCHITECTURE.md, "One process, two doors"). */
export function ConnectPanel(props: Props) {
  const { target, onClose } = props;
  return (
    <DialogShell
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-3xl"
      title="Connect a data plane"
      description={
        target ? (
          <>
            Put Keyplane in front of a service so that every request must carry a key like{" "}
            <strong className="font-medium text-foreground">{target.label}</strong>. Copy a snippet, adjust
            the host names, and run it.
          </>
        ) : null
      }
      footer={<Button onClick={onClose}>Done</Button>}
    >
      {target ? <ConnectBody key={target.keyId} {...props} target={target} /> : null}
    </DialogShell>
  );
}

const NONE = "__none__";

function ConnectBody({ target, publicUrl, systems, secret }: Props & { target: ConnectKey }) {
  const [scope, setScope] = useState<ConnectScope>(() => defaultScope(target));
  const endpoints = connectEndpoints(publicUrl);
  const snippets = buildConnectSnippets({ baseUrl: publicUrl, scope, secret });
  const systemChoices = target.system
    ? [target.system]
    : target.limitedTo.length > 0
      ? target.limitedTo
      : systems;
  const nameOf = (slug: string) => systems.find((s) => s.slug === slug)?.name ?? slug;

  return (
    <>
      <section aria-label="Endpoints" className="grid gap-2 rounded-lg border bg-muted/30 p-3">
        <Endpoint method="POST" name="Verify" url={endpoints.verify} />
        <Endpoint method="GET" name="Forward auth" url={endpoints.forwardAuth} />
      </section>

      <div className="grid gap-3 sm:grid-cols-2">
        <ScopeSelect
          label="System"
          hint={
            target.system
              ? "A system key acts only for its own system."
              : target.limitedTo.length > 0
                ? "This key is limited to these systems."
                : "Name the system the data plane belongs to."
          }
          value={scope.system}
          onChange={(system) => setScope((current) => ({ ...current, system }))}
          noneLabel={target.system || target.limitedTo.length > 0 ? null : "Any system (no check)"}
          options={systemChoices.map((s) => ({ value: s.slug, label: nameOf(s.slug) }))}
        />
        <ScopeSelect
          label="Permission"
          hint="What the protected routes require."
          value={scope.permission}
          onChange={(permission) => setScope((current) => ({ ...current, permission }))}
          noneLabel="No permission check"
          options={target.permissions.map((p) => ({ value: p, label: p, mono: true }))}
        />
      </div>

      <Tabs defaultValue="curl" className="min-w-0 gap-3">
        <TabsList aria-label="Snippets">
          {snippets.map((snippet) => (
            <TabsTrigger key={snippet.id} value={snippet.id} className="px-3">
              {snippet.title}
            </TabsTrigger>
          ))}
        </TabsList>
        {snippets.map((snippet) => (
          <TabsContent key={snippet.id} value={snippet.id} className="grid min-w-0 gap-2">
            <div className="flex items-center justify-between gap-3">
              <p className="text-sm text-muted-foreground">{snippet.description}</p>
              {snippet.containsSecret ? (
                <Badge variant="warning" className="shrink-0">
                  <ShieldAlert aria-hidden /> Contains the secret
                </Badge>
              ) : null}
            </div>
            <div className="min-w-0 overflow-hidden rounded-lg border">
              <div className="flex items-center justify-between gap-2 border-b bg-muted/60 py-1 pr-1 pl-3">
                <span className="font-mono text-xs text-muted-foreground">{snippet.filename}</span>
                <CopyButton value={snippet.code} label={snippet.copyLabel} />
              </div>
              <pre
                tabIndex={0}
                aria-label={`${snippet.title} snippet`}
                data-testid={`snippet-${snippet.id}`}
                className="max-h-72 overflow-auto bg-muted/30 p-3 font-mono text-xs leading-relaxed outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset"
              >
                <code>{snippet.code}</code>
              </pre>
            </div>
          </TabsContent>
        ))}
      </Tabs>

      {secret !== null ? (
        <Alert variant="warning">
          <ShieldAlert aria-hidden />
          <AlertTitle>The curl command contains the secret</AlertTitle>
          <AlertDescription>
            <p>
              Only while the secret is on screen. Once you close the secret, every snippet uses{" "}
              <code className="font-mono text-foreground">{KEY_PLACEHOLDER}</code> instead.
            </p>
          </AlertDescription>
        </Alert>
      ) : (
        <Alert variant="info">
          <Info aria-hidden />
          <AlertTitle>
            Snippets use <code className="font-mono">{KEY_PLACEHOLDER}</code>, not the secret
          </AlertTitle>
          <AlertDescription>
            <p>
              Keyplane showed the secret once, when it was made. Set{" "}
              <code className="font-mono text-foreground">{KEY_VARIABLE}</code> from your secret store before
              running curl; the proxies forward whatever key each client sends.
            </p>
          </AlertDescription>
        </Alert>
      )}
    </>
  );
}

function Endpoint({ method, name, url }: { method: string; name: string; url: string }) {
  return (
    <div className="flex min-w-0 items-center gap-2">
      <Badge variant="outline" className="w-12 font-mono text-[11px]">
        {method}
      </Badge>
      <span className="w-24 shrink-0 text-sm font-medium">{name}</span>
      <code className="min-w-0 flex-1 truncate font-mono text-xs" title={url}>
        {url}
      </code>
      <CopyButton value={url} label={`Copy the ${name.toLowerCase()} URL`} />
    </div>
  );
}

function ScopeSelect({
  label,
  hint,
  value,
  onChange,
  noneLabel,
  options,
}: {
  label: string;
  hint: string;
  value: string | null;
  onChange: (value: string | null) => void;
  /** The "no value" choice, or null when one must be chosen. */
  noneLabel: string | null;
  options: { value: string; label: string; mono?: boolean }[];
}) {
  const id = useId();
  const choices = [
    ...(noneLabel !== null ? [{ value: NONE, label: noneLabel, mono: false }] : []),
    ...options,
  ];
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value ?? NONE} onValueChange={(next) => onChange(next === NONE ? null : next)}>
        <SelectTrigger
          id={id}
          size="sm"
          className="w-full"
          disabled={choices.length < 2}
          aria-describedby={`${id}-hint`}
        >
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {choices.map((choice) => (
            <SelectItem
              key={choice.value}
              value={choice.value}
              className={choice.mono ? "font-mono text-[13px]" : undefined}
            >
              {choice.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {hint}
      </p>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// A key, as the table row or a change's result shows it, in the shape the panel takes

/** From a table row: system limits are listed by name there (names are unique in an organization). */
export function connectKeyFromRow(row: KeyRow, systems: Systems): ConnectKey {
  const bySlug = (system: Systems[number] | undefined) =>
    system ? [{ id: system.id, slug: system.slug }] : [];
  const own = row.scope.type === "system" ? row.scope.systemId : null;
  return {
    keyId: row.id,
    label: row.label,
    system: own ? (bySlug(systems.find((s) => s.id === own))[0] ?? null) : null,
    limitedTo: row.systemLimits.flatMap((name) => bySlug(systems.find((s) => s.name === name))),
    permissions: [...row.permissions].sort(),
  };
}

/** From a key a change returned (create, roll, regenerate, view secret). */
function connectKeyFromDetails(key: KeyDetails, systems: Systems): ConnectKey {
  const slugOf = (id: string) => systems.find((s) => s.id === id)?.slug;
  const own = key.systemId ? slugOf(key.systemId) : undefined;
  return {
    keyId: key.id,
    label: key.label,
    system: key.systemId && own ? { id: key.systemId, slug: own } : null,
    limitedTo: key.systemLimits.flatMap((s) => {
      const slug = slugOf(s.id);
      return slug ? [{ id: s.id, slug }] : [];
    }),
    permissions: [...key.permissions].sort(),
  };
}

/** What the reveal dialog shows after an action that made or read a key's secrets. */
export function revealedFromResult(result: KeyWithSecrets, title: string, systems: Systems): RevealedSecrets {
  return {
    keyId: result.key.id,
    label: result.key.label,
    title,
    ...result.secrets,
    connect: connectKeyFromDetails(result.key, systems),
  };
}
