import { z } from "zod";
import { defineOperation } from "../operation";
import {
  githubLeakReportSchema,
  githubLeakResponseSchema,
  leakReportBodySchema,
  leakReportResponseSchema,
} from "../schemas/leaks";

// Leak reports (README.md, "Leaked keys"). A reported secret's key is disabled or revoked as the
// organization's key policy says, audited as key.leaked and sent as the key.leaked webhook event.

export const githubLeakReportOperation = defineOperation({
  id: "reportLeaksFromGitHub",
  method: "POST",
  path: "/api/v1/leaks",
  tag: "Keys",
  summary: "Leak reports from GitHub secret scanning",
  description:
    "The endpoint of GitHub's secret scanning partner program: a JSON list of `{ token, type, url, source }`, signed by GitHub (ECDSA P-256, SHA-256 over the raw body) with a key the server is configured with (KEYPLANE_LEAK_REPORT_PUBLIC_KEYS). No API key: the signature is the credential; a missing, unknown or wrong signature is a 401. The answer is GitHub's feedback list, one entry per token, in order. At most 256 KiB.",
  security: "none",
  body: githubLeakReportSchema,
  requestHeaders: z.object({
    "Github-Public-Key-Identifier": z.string().meta({ description: "Which of GitHub's public keys signed." }),
    "Github-Public-Key-Signature": z
      .string()
      .meta({ description: "Base64 ECDSA P-256 / SHA-256 signature (DER) of the raw body." }),
  }),
  responses: { 200: { description: "One label per reported token.", schema: githubLeakResponseSchema } },
});

export const reportLeaksOperation = defineOperation({
  id: "reportLeaks",
  method: "POST",
  path: "/api/v1/leaks/report",
  tag: "Keys",
  summary: "Report leaked secrets",
  description:
    "For an organization's own scanners (and `keyplane keys leaked`): the same reports, authenticated with a management key. Only the caller's organization (and, for a key limited to systems or a system key, only the keys it may manage) is searched; every other token is a false_positive, whether it exists elsewhere or not.",
  security: "key",
  body: leakReportBodySchema,
  responses: { 200: { description: "One label per reported token.", schema: leakReportResponseSchema } },
});

export const LEAK_OPERATIONS = [githubLeakReportOperation, reportLeaksOperation] as const;
