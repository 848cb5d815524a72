import type { z } from "zod";
import type { verifyResultSchema } from "@/lib/api/schemas/verify";
import { parse, single } from "../args";
import type { Command } from "../context";
import { EXIT } from "../errors";
import { formatFields, list, printJson, shortTime } from "../output";
import { readPipedLine } from "../prompt";

// keyplane verify <key|-> [--permission …] [--ip …] [--system …]: asks the server what a data
// plane would be told. Exit 0 when the key is valid, 3 when it is not (so `keyplane verify … &&`
// works in scripts). "-" reads the key from stdin, keeping it out of the shell history.

type VerifyResult = z.output<typeof verifyResultSchema>;

export const verify: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {
    permission: { type: "string", multiple: true },
    ip: { type: "string" },
    system: { type: "string" },
  });
  const given = single(positionals, 'the key to verify (or "-" to read it from stdin)');
  const key = given === "-" ? await readPipedLine() : given;
  const body = { key, permissions: values.permission, ip: values.ip, system: values.system };
  const result = await ctx
    .client({ withKey: false })
    .request<VerifyResult>("POST", "/api/v1/verify", { body });
  if (values.json) printJson(ctx.output, result);
  else {
    ctx.output.out(
      formatFields([
        ["Result", result.valid ? "VALID" : `not valid: ${result.code}`],
        ["Key", result.keyId],
        ["Organization", result.organizationId],
        ["System", result.systemId],
        ["Permissions", result.keyId ? list(result.permissions) : null],
        ["Expires", result.expiresAt ? shortTime(result.expiresAt) : null],
      ]),
    );
  }
  return result.valid ? EXIT.ok : EXIT.invalidKey;
};
