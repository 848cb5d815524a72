import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { metaFromHeaders } from "@/lib/http/request-meta";
import { hashSecret } from "@/lib/keys/hash";
import { respondToLeaks, type LeakVerdict } from "@/lib/keys/leaks";
import { canManageKeysOf } from "./access";
import { parseJsonBody, readLimitedBody } from "./body";
import { checkLeakReportSignature } from "./leak-signature";
import { githubLeakReportOperation, reportLeaksOperation } from "./operations/leaks";
import { jsonResponse, toErrorResponse, validationError } from "./respond";
import { apiRoute } from "./route";
import { githubLeakReportSchema, type LeakFeedback } from "./schemas/leaks";

// The leak report routes' handlers (README.md, "Leaked keys"); app/api/v1/leaks/**/route.ts only
// re-export them. GitHub's reports carry no API key: the signature over the raw body is checked
// before anything in it is read, and each reported secret is acted on in the organization that
// owns it, by the same core (lib/keys/leaks.ts) as the authenticated variant.

const MAX_REPORT_BYTES = 256 * 1024;
const GITHUB_ACTOR = { type: "operator", id: null, label: "GitHub secret scanning" } as const;

function feedback(verdict: LeakVerdict): LeakFeedback {
  return {
    token_hash: verdict.tokenHash,
    token_type: verdict.type,
    label: verdict.found ? "true_positive" : "false_positive",
  };
}

export async function githubLeakReportRoute(request: Request): Promise<Response> {
  try {
    const raw = await readLimitedBody(request, MAX_REPORT_BYTES);
    checkLeakReportSignature(
      raw,
      request.headers.get("github-public-key-identifier"),
      request.headers.get("github-public-key-signature"),
    );
    const parsed = githubLeakReportSchema.safeParse(parseJsonBody(raw.toString("utf8")));
    if (!parsed.success) throw validationError(parsed.error);
    const reports = parsed.data;
    const hashes = reports.map((report) => hashSecret(report.token));
    const owners = await getDb().keySecret.findMany({
      where: { hash: { in: [...new Set(hashes)] } },
      select: { hash: true, organizationId: true },
    });
    const ownerOf = new Map(owners.map((row) => [row.hash, row.organizationId]));
    const meta = metaFromHeaders(request.headers);
    const found = new Map<string, LeakVerdict>();
    await transact(async (tx) => {
      for (const organizationId of new Set(ownerOf.values())) {
        const ctx: Ctx = { actor: GITHUB_ACTOR, organizationId, meta };
        const mine = reports.filter((_, index) => ownerOf.get(hashes[index] ?? "") === organizationId);
        const { results } = await respondToLeaks(ctx, { reports: mine }, tx);
        for (const verdict of results) found.set(verdict.tokenHash, verdict);
      }
    });
    const body = reports.map((report, index) => {
      const tokenHash = hashes[index] ?? "";
      return feedback(
        found.get(tokenHash) ?? { tokenHash, type: report.type, found: false, outcome: null, keyId: null },
      );
    });
    return jsonResponse({ status: 200, body });
  } catch (error) {
    return toErrorResponse(error, githubLeakReportOperation.id);
  }
}

export const reportLeaksRoute = apiRoute(reportLeaksOperation, async (api) =>
  api.mutate(async (tx) => {
    const { results } = await respondToLeaks(api.ctx, { reports: api.body.reports }, tx, {
      reachable: (key) => canManageKeysOf(api.caller, key.systemId),
    });
    return { status: 200, body: { data: results.map(feedback) } };
  }),
);
