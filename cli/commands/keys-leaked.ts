import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import type { leakReportResponseSchema } from "@/lib/api/schemas/leaks";
import { findGeneratedSecrets } from "@/lib/keys/format";
import { secretHint } from "@/lib/keys/hash";
import { parse, single } from "../args";
import type { Command } from "../context";
import { CliError, EXIT } from "../errors";
import { formatTable, printJson } from "../output";
import { readStdin } from "../prompt";

// keyplane keys leaked FILE|- [--url <where>] [--source <what>]: finds the kp_ secrets in a file
// (or stdin) by prefix and checksum and reports them (POST /api/v1/leaks/report). The server
// disables or revokes each one of the organization's keys as its key policy says (README.md,
// "Leaked keys"); a secret it does not know is a false positive. Only hints are printed.

type LeakAnswer = z.output<typeof leakReportResponseSchema>;

const BATCH = 1000;

export const reportLeakedKeys: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, { url: { type: "string" }, source: { type: "string" } });
  const file = single(positionals, 'a file to scan (or "-" for stdin)');
  let text: string;
  try {
    text = file === "-" ? await readStdin() : readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(
      `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT.failed,
    );
  }
  const secrets = findGeneratedSecrets(text);
  const where = values.url ?? (file === "-" ? "stdin" : resolve(file));
  const source = values.source ?? "keyplane keys leaked";
  const data: LeakAnswer["data"] = [];
  for (let start = 0; start < secrets.length; start += BATCH) {
    const reports = secrets.slice(start, start + BATCH).map((token) => ({ token, url: where, source }));
    const answer = await ctx
      .client()
      .request<LeakAnswer>("POST", "/api/v1/leaks/report", { body: { reports } });
    data.push(...answer.data);
  }
  if (values.json) {
    printJson(ctx.output, { data });
    return EXIT.ok;
  }
  if (secrets.length === 0) {
    ctx.output.out("No kp_ secrets found.");
    return EXIT.ok;
  }
  const rows = secrets.map((secret, index) => [
    secretHint(secret),
    data[index]?.label === "true_positive"
      ? "reported: its key is disabled or revoked (key policy)"
      : "not a key of yours (nothing done)",
  ]);
  ctx.output.out(formatTable(["SECRET", "RESULT"], rows));
  return EXIT.ok;
};
