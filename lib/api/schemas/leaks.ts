import { z } from "zod";
import { requestComponents, responseComponents } from "./common";

// Leak reports (README.md, "Leaked keys"): GitHub's secret scanning partner program format, and
// the authenticated variant for an organization's own scanners. Answers follow GitHub's feedback
// format, with `token_hash` (SHA-256 hex) rather than the raw token: a secret is never echoed.

const MAX_REPORTS = 1000;
const text = (max: number) => z.string().max(max);

const githubLeakSchema = z.object({
  token: z.string().min(1).max(1024),
  type: text(200),
  url: text(2048),
  source: text(200).optional(),
});

export const githubLeakReportSchema = z
  .array(githubLeakSchema)
  .min(1)
  .max(MAX_REPORTS)
  .meta({
    examples: [
      [
        {
          token: "kp_…",
          type: "keyplane_api_key",
          url: "https://github.com/octo/app/blob/abc/config.env",
          source: "content",
        },
      ],
    ],
  })
  .register(requestComponents, { id: "GitHubLeakReport" });

export const leakReportBodySchema = z
  .strictObject({
    reports: z
      .array(
        z.strictObject({
          token: z.string().min(1).max(1024),
          type: text(200).optional(),
          url: text(2048).optional(),
          source: text(200).optional(),
        }),
      )
      .min(1)
      .max(MAX_REPORTS),
  })
  .meta({
    examples: [{ reports: [{ token: "kp_…", url: "https://ci.example.com/build/42", source: "ci-log" }] }],
  })
  .register(requestComponents, { id: "LeakReportRequest" });

const leakFeedbackSchema = z
  .strictObject({
    token_hash: z.string().meta({ description: "SHA-256 (hex) of the reported token." }),
    token_type: z.string(),
    label: z.enum(["true_positive", "false_positive"]).meta({
      description:
        "true_positive: a secret of one of the organization's keys (now disabled or revoked as the key policy says); false_positive: anything else.",
    }),
  })
  .register(responseComponents, { id: "LeakFeedback" });
export type LeakFeedback = z.output<typeof leakFeedbackSchema>;

export const githubLeakResponseSchema = z
  .array(leakFeedbackSchema)
  .register(responseComponents, { id: "GitHubLeakResponse" });

export const leakReportResponseSchema = z
  .strictObject({ data: z.array(leakFeedbackSchema) })
  .register(responseComponents, { id: "LeakReportResponse" });
