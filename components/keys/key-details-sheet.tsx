"use client";

import { Eye, Pencil, TimerOff } from "lucide-react";
import { Badge, CodeBadges } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Separator } from "@/components/ui/separator";
import { DetailsSheet, SheetBody, SheetField, SheetHeading, SheetSection } from "@/components/ui/sheet";
import { auditActionLabel } from "@/lib/audit/action-names";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { KeyDetails } from "@/lib/keys/details";
import type { KeyAuditEntry } from "@/lib/keys/queries";
import type { KeyImpact } from "@/lib/usage/impact";
import type { UsageSummary } from "@/lib/usage/summary";
import { UsageChart } from "@/components/usage/usage-chart";
import { EditKeyForm } from "./edit-key-form";
import { OldSecretInUseBadge, SecretUsageFigures, secretSlotLabel } from "./key-impact";
import { KeyLimitsSection } from "./key-limits-section";
import { KeyStatusBadge } from "./key-status-badge";
import type { KeyTableContext } from "./types";

export type KeyDetailsWithAudit = KeyDetails & {
  audit: KeyAuditEntry[];
  usage: UsageSummary;
  impact: KeyImpact | null;
};

type Props = {
  details: KeyDetailsWithAudit | null;
  mode: "view" | "edit";
  context: KeyTableContext;
  onClose: () => void;
  onModeChange: (mode: "view" | "edit") => void;
  onViewSecret: (slot: "primary" | "secondary") => void;
  onEndGrace: () => void;
};

/** Every field of a key, its secrets' hints and ages, grace ends, last use and its audit history. */
export function KeyDetailsSheet({
  details,
  mode,
  context,
  onClose,
  onModeChange,
  onViewSecret,
  onEndGrace,
}: Props) {
  const editable = context.canManage && details !== null && details.state !== "revoked";
  const usageOf = (secretId: string) => details?.impact?.secrets.find((s) => s.id === secretId);
  return (
    <DetailsSheet open={details !== null} onClose={onClose}>
      {details ? (
        <>
          <SheetHeading
            title={
              <>
                {details.label}
                <KeyStatusBadge status={details.status} expiringSoon={details.expiringSoon} />
              </>
            }
            description={details.description || "No description."}
          />
          <SheetBody className="grid content-start gap-5 overflow-y-auto pb-6">
            {mode === "edit" && editable ? (
              <EditKeyForm details={details} context={context} onDone={() => onModeChange("view")} />
            ) : (
              <>
                {editable ? (
                  <Button
                    variant="outline"
                    className="justify-self-start"
                    onClick={() => onModeChange("edit")}
                  >
                    <Pencil aria-hidden /> Edit key
                  </Button>
                ) : null}
                <dl className="grid gap-4 sm:grid-cols-2">
                  <SheetField label="Scope">
                    {details.system ? `System · ${details.system.name}` : "Organization"}
                    {details.systemLimits.length > 0 ? (
                      <span className="block text-xs text-muted-foreground">
                        Only for {details.systemLimits.map((s) => s.name).join(", ")}
                      </span>
                    ) : null}
                  </SheetField>
                  <SheetField label="Expires">{formatDateTime(details.expiresAt)}</SheetField>
                  <SheetField label="Permissions">
                    {details.permissions.length === 0 ? (
                      "None"
                    ) : (
                      <CodeBadges items={details.permissions} badgeClassName="text-[11px]" />
                    )}
                  </SheetField>
                  <SheetField label="Allowed IP ranges">
                    {details.allowedCidrs.length === 0 ? (
                      "Any address"
                    ) : (
                      <span className="grid font-mono text-xs">
                        {details.allowedCidrs.map((c) => (
                          <span key={c}>{c}</span>
                        ))}
                      </span>
                    )}
                  </SheetField>
                  <SheetField label="Created">
                    {formatDateTime(details.createdAt)}
                    <span className="block text-xs text-muted-foreground">
                      by{" "}
                      {details.createdBy?.type === "user"
                        ? `${details.createdBy.name} (${details.createdBy.email})`
                        : details.createdBy?.type === "key"
                          ? "an API key"
                          : "unknown"}
                    </span>
                  </SheetField>
                  <SheetField label="Last used">
                    {details.lastUsedAt ? formatDateTime(details.lastUsedAt) : "Never"}
                    {details.lastUsedIp ? (
                      <span className="block font-mono text-xs text-muted-foreground">
                        from {details.lastUsedIp} (as the data plane reported it)
                      </span>
                    ) : null}
                  </SheetField>
                  {details.disabledAt ? (
                    <SheetField label="Disabled">{formatDateTime(details.disabledAt)}</SheetField>
                  ) : null}
                  {details.revokedAt ? (
                    <SheetField label="Revoked">{formatDateTime(details.revokedAt)}</SheetField>
                  ) : null}
                </dl>
                <Separator />
                <KeyLimitsSection details={details} canManage={context.canManage} />
                <Separator />
                <SheetSection id="key-secrets" title="Secrets">
                  {details.state === "revoked" || details.secrets.length === 0 ? (
                    <p className="text-sm text-muted-foreground">
                      No secret can verify: the key is revoked, and data planes are told so (REVOKED).
                    </p>
                  ) : (
                    <ul className="grid gap-2">
                      {details.secrets.map((secret) => {
                        const usage = usageOf(secret.id);
                        return (
                          <li
                            key={secret.id}
                            className="grid gap-2 rounded-md border p-3 text-sm"
                            data-testid={`secret-${secret.slot}`}
                          >
                            <div className="flex items-center justify-between gap-3">
                              <span className="grid gap-0.5">
                                <span className="flex items-center gap-2 font-medium">
                                  {secretSlotLabel(secret.slot)}
                                  {usage?.inUse ? <OldSecretInUseBadge /> : null}
                                </span>
                                <code className="font-mono text-xs text-muted-foreground">{secret.hint}</code>
                              </span>
                              <span className="grid justify-items-end gap-0.5 text-xs text-muted-foreground">
                                <span>made {formatRelative(secret.createdAt)}</span>
                                {secret.graceEndsAt ? (
                                  <span>works until {formatDateTime(secret.graceEndsAt)}</span>
                                ) : null}
                                {secret.retrievable && context.canManage && secret.slot !== "rolled" ? (
                                  <Button
                                    variant="ghost"
                                    size="sm"
                                    onClick={() =>
                                      onViewSecret(secret.slot === "secondary" ? "secondary" : "primary")
                                    }
                                  >
                                    <Eye aria-hidden /> View
                                  </Button>
                                ) : null}
                              </span>
                            </div>
                            {usage ? <SecretUsageFigures secret={usage} /> : null}
                            {secret.slot === "rolled" && context.canManage && usage ? (
                              <div className="flex flex-wrap items-center gap-2">
                                <Button
                                  variant="outline"
                                  size="sm"
                                  disabled={usage.inUse}
                                  onClick={onEndGrace}
                                >
                                  <TimerOff aria-hidden /> End grace now
                                </Button>
                                <span className="text-xs text-muted-foreground">
                                  {usage.inUse
                                    ? "Offered once the old secret has been idle for an hour."
                                    : "The old secret has been idle for an hour: it can stop working now."}
                                </span>
                              </div>
                            ) : null}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </SheetSection>
                <Separator />
                <SheetSection id="key-usage" title="Verifications">
                  <UsageChart usage={details.usage} label={`Verifications of ${details.label}`} />
                </SheetSection>
                <Separator />
                <SheetSection id="key-history" title="History">
                  {details.audit.length === 0 ? (
                    <p className="text-sm text-muted-foreground">No audit entries for this key.</p>
                  ) : (
                    <ol className="grid gap-2">
                      {details.audit.map((entry) => (
                        <li key={entry.id} className="flex items-start justify-between gap-3 text-sm">
                          <span>
                            <span className="font-medium">{auditActionLabel(entry.action)}</span>
                            <span className="text-muted-foreground"> by {entry.actorLabel}</span>
                            {entry.outcome !== "success" ? (
                              <Badge variant="destructive" className="ml-2">
                                {entry.outcome}
                              </Badge>
                            ) : null}
                          </span>
                          <time
                            className="shrink-0 text-xs text-muted-foreground"
                            dateTime={new Date(entry.createdAt).toISOString()}
                          >
                            {formatDateTime(entry.createdAt)}
                          </time>
                        </li>
                      ))}
                    </ol>
                  )}
                </SheetSection>
              </>
            )}
          </SheetBody>
        </>
      ) : null}
    </DetailsSheet>
  );
}
