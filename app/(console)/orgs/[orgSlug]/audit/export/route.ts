import type { NextRequest } from "next/server";
import {
  auditExportStream,
  checkExportAccess,
  EXPORT_FORMATS,
  exportFileName,
  parseExportFormat,
  recordExport,
} from "@/lib/audit/export";
import { parseAuditFilter } from "@/lib/audit/filters";
import { getSessionUser } from "@/lib/auth/session";
import { metaFromHeaders } from "@/lib/http/request-meta";
import { TWO_FACTOR_REQUIRED_MESSAGE } from "@/lib/orgs/two-factor";

// GET /orgs/<slug>/audit/export?format=csv|jsonl&<the audit page's filters>
// The session, the membership and the "audit:export" permission are checked here, in the handler:
// the organization comes from the slug and the caller's membership, never from the client.

export async function GET(request: NextRequest, { params }: { params: Promise<{ orgSlug: string }> }) {
  try {
    const user = await getSessionUser();
    if (!user) return failure(401, "UNAUTHENTICATED", "Your session has ended. Sign in again.");
    const { orgSlug } = await params;
    const meta = metaFromHeaders(request.headers);
    const access = await checkExportAccess(orgSlug, user, meta);
    if (!access.ok) {
      if (access.status === 404) return failure(404, "NOT_FOUND", "The organization was not found.");
      return access.reason === "two_factor_required"
        ? failure(403, "TOTP_NOT_ENROLLED", TWO_FACTOR_REQUIRED_MESSAGE)
        : failure(403, "FORBIDDEN", "Your role does not allow exporting the audit log.");
    }
    const search = request.nextUrl.searchParams;
    const format = parseExportFormat(search.get("format"));
    const filter = parseAuditFilter(search);
    await recordExport(access.org.id, user, meta, format, filter);
    return new Response(auditExportStream(access.org.id, filter, format), {
      headers: {
        "Content-Type": EXPORT_FORMATS[format].contentType,
        "Content-Disposition": `attachment; filename="${exportFileName(access.org.slug, format)}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    console.error(
      `[audit] export refused: ${error instanceof Error ? error.message.split("\n")[0] : "unknown"}`,
    );
    return failure(500, "INTERNAL", "Something went wrong. Try again.");
  }
}

function failure(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}
