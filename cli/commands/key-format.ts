import type { ApiKey, ApiKeyListItem } from "@/lib/api/schemas/key-responses";
import { formatFields, formatTable, list, shortTime, type Output } from "../output";

// How keys look in a terminal. Secrets are printed only by printSecrets, after a create, roll or
// regenerate, with a reminder that this is the one time they are shown.

export function keyTable(rows: readonly ApiKeyListItem[]): string {
  return formatTable(
    ["ID", "LABEL", "STATUS", "SCOPE", "PERMISSIONS", "EXPIRES", "LAST USED"],
    rows.map((row) => [
      row.id,
      row.label,
      row.expiringSoon ? `${row.status} (expiring)` : row.status,
      row.scope.type === "system" ? `system ${row.scope.systemName}` : "organization",
      list(row.permissions),
      shortTime(row.expiresAt),
      shortTime(row.lastUsedAt),
    ]),
  );
}

export function keyDetails(key: ApiKey): string {
  const secrets = key.secrets.map((s) =>
    s.graceEndsAt ? `${s.slot} ${s.hint} (until ${shortTime(s.graceEndsAt)})` : `${s.slot} ${s.hint}`,
  );
  return formatFields([
    ["ID", key.id],
    ["Label", key.label],
    ["Description", key.description],
    ["Status", key.expiringSoon ? `${key.status} (expires within 14 days)` : key.status],
    ["Scope", key.system ? `system ${key.system.name} (${key.system.id})` : "organization"],
    ["Permissions", list(key.permissions)],
    ["IP ranges", key.allowedCidrs.length > 0 ? key.allowedCidrs.join(", ") : "any address"],
    ["Limited to", key.systemId ? null : list(key.systemLimits.map((s) => s.name))],
    ["Expires", shortTime(key.expiresAt)],
    ["Rate limits", key.ratelimits.length > 0 ? key.ratelimits.map(describeLimit).join(", ") : null],
    ["Credits", key.credits ? describeCredits(key.credits) : null],
    ["External id", key.externalId],
    ["Metadata", key.meta ? JSON.stringify(key.meta) : null],
    ["Secrets", secrets.join(", ")],
    ["Created", `${shortTime(key.createdAt)}${creator(key)}`],
    [
      "Last used",
      key.lastUsedAt ? `${shortTime(key.lastUsedAt)} from ${key.lastUsedIp ?? "?"} (reported)` : "never",
    ],
    ["Version", String(key.version)],
  ]);
}

function describeLimit(limit: ApiKey["ratelimits"][number]): string {
  const named = limit.autoApply ? "" : " (when named)";
  return `${limit.name} ${limit.limit}/${limit.durationMs / 1000}s${named}`;
}

function describeCredits(credits: NonNullable<ApiKey["credits"]>): string {
  const refill = credits.refill;
  if (!refill) return `${credits.remaining} left`;
  const when = refill.interval === "daily" ? "daily" : `monthly on day ${refill.day ?? 1}`;
  return `${credits.remaining} left, refilled to ${refill.amount} ${when}`;
}

function creator(key: ApiKey): string {
  if (!key.createdBy) return "";
  return key.createdBy.type === "user" ? ` by ${key.createdBy.email}` : ` by key ${key.createdBy.id}`;
}

export function printSecrets(output: Output, secrets: { primary?: string; secondary?: string }): void {
  output.out("");
  output.out("Store the secret now: it is shown this once and cannot be shown again.");
  if (secrets.primary) output.out(`  primary:   ${secrets.primary}`);
  if (secrets.secondary) output.out(`  secondary: ${secrets.secondary}`);
}
