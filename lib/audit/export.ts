import { can, isOrgRole, type OrgRole, type Permission } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import type { Actor, RequestMeta } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { mustEnrolTwoFactor } from "@/lib/auth/permissions";
import { auditCsvHeader, auditCsvRow, auditJsonLine, UTF8_BOM } from "./csv";
import { describeFilter, type AuditFilter } from "./filters";
import { iterateAuditEntries } from "./queries";
import { writeAudit } from "./write";

// The audit export: who may download it, the record that they did, and the file itself, streamed
// page by page so a log of any length leaves with flat memory.

export const EXPORT_FORMATS = {
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
  jsonl: { contentType: "application/jsonl; charset=utf-8", extension: "jsonl" },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function parseExportFormat(value: string | null): ExportFormat {
  return value === "jsonl" ? "jsonl" : "csv";
}

export type ExportAccess =
  | { ok: true; org: { id: string; slug: string }; role: OrgRole }
  | { ok: false; status: 404 | 403; reason?: "two_factor_required" };

/**
 * The organization named by the URL's slug, if the user is a member whose role may export.
 * Non-members get 404, like a missing organization, so other tenants' slugs cannot be probed.
 */
export async function checkExportAccess(
  orgSlug: string,
  user: SessionUser,
  meta: RequestMeta,
): Promise<ExportAccess> {
  const db = getDb();
  const org = await db.organization.findUnique({
    where: { slug: orgSlug },
    select: { id: true, slug: true, requireTwoFactor: true },
  });
  if (!org) return { ok: false, status: 404 };
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
    select: { role: true },
  });
  if (!membership || !isOrgRole(membership.role)) return { ok: false, status: 404 };
  const permission: Permission = "audit:export";
  if (!can({ orgRole: membership.role }, permission)) {
    await record(org.id, user, meta, {
      action: "authorization.denied",
      outcome: "denied",
      targetType: "action",
      targetLabel: "audit.export",
      metadata: { permission },
    });
    return { ok: false, status: 403 };
  }
  if (mustEnrolTwoFactor(org, membership.role, user))
    return { ok: false, status: 403, reason: "two_factor_required" };
  return { ok: true, org: { id: org.id, slug: org.slug }, role: membership.role };
}

/** Reading the log out of Keyplane is itself recorded, with the filter used. */
export async function recordExport(
  organizationId: string,
  user: SessionUser,
  meta: RequestMeta,
  format: ExportFormat,
  filter: AuditFilter,
): Promise<void> {
  await record(organizationId, user, meta, {
    action: "audit.exported",
    targetType: "audit",
    targetLabel: "Audit log",
    metadata: { format, filter: describeFilter(filter) },
  });
}

async function record(
  organizationId: string,
  user: SessionUser,
  meta: RequestMeta,
  input: Parameters<typeof writeAudit>[2],
): Promise<void> {
  const actor: Actor = { type: "user", id: user.id, label: user.email };
  await transact((tx) => writeAudit(tx, { actor, organizationId, meta }, input));
}

export function exportFileName(orgSlug: string, format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return `keyplane-audit-${orgSlug}-${stamp}Z.${EXPORT_FORMATS[format].extension}`;
}

/** Lines written per chunk handed to the response. */
const LINES_PER_CHUNK = 250;

/** The file, oldest entry first, as a byte stream that reads the next page only when pulled. */
export function auditExportStream(
  organizationId: string,
  filter: AuditFilter,
  format: ExportFormat,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const entries = iterateAuditEntries(organizationId, filter, "asc");
  const line =
    format === "csv"
      ? auditCsvRow
      : (entry: Parameters<typeof auditCsvRow>[0]) => auditJsonLine({ ...entry, organizationId });
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = "";
        if (!started) {
          started = true;
          if (format === "csv") chunk += UTF8_BOM + auditCsvHeader();
        }
        for (let i = 0; i < LINES_PER_CHUNK; i++) {
          const next = await entries.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += line(next.value);
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        // Headers are sent by now: the download ends in an error rather than a silently short file.
        console.error(
          `[audit] export failed: ${error instanceof Error ? error.message.split("\n")[0] : "unknown"}`,
        );
        controller.error(new Error("The export failed."));
      }
    },
    async cancel() {
      await entries.return(undefined);
    },
  });
}
