import type { z } from "zod";
import type { callerResponseSchema } from "@/lib/api/operations/caller";
import { noPositionals, parse } from "../args";
import { createClient } from "../client";
import { configPath, normalizeUrl, readConfig, writeConfig } from "../config";
import type { Command } from "../context";
import { CliError, EXIT } from "../errors";
import { formatFields, list, printJson, terminalText } from "../output";
import { readSecret } from "../prompt";

// keyplane login --url <url>: checks a management key against the server and stores both in the
// user's config file (mode 0600). The key is read from stdin or a hidden prompt, never a flag.
// keyplane whoami: what the configured key is and may manage.

type Caller = z.output<typeof callerResponseSchema>;

const SCOPES: Record<Caller["key"]["scope"], string> = {
  organization: "organization key (every key and system)",
  systems: "organization key limited to systems",
  system: "system key (its own system's keys)",
};

export const login: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, { url: { type: "string" } });
  noPositionals(positionals);
  const raw = values.url ?? ctx.env.KEYPLANE_URL ?? readConfig(ctx.env).url;
  if (!raw) throw new CliError("Give the server: keyplane login --url https://keys.example.com", EXIT.usage);
  const url = normalizeUrl(raw);
  const key = ctx.env.KEYPLANE_KEY || (await readSecret("API key (holding keys:manage): "));
  if (!key) throw new CliError("No key given.", EXIT.usage);
  const caller = await createClient({ url, key }).request<Caller>("GET", "/api/v1/whoami");
  const file = writeConfig({ url, key }, ctx.env);
  if (values.json) printJson(ctx.output, { ...caller, url, config: file });
  else
    ctx.output.out(
      `Logged in to ${url} as “${terminalText(caller.key.label)}”, ${SCOPES[caller.key.scope]}.\nSaved to ${file}.`,
    );
  return 0;
};

export const whoami: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {});
  noPositionals(positionals);
  const client = ctx.client();
  const caller = await client.request<Caller>("GET", "/api/v1/whoami");
  if (values.json) printJson(ctx.output, caller);
  else {
    ctx.output.out(
      formatFields([
        ["Server", client.baseUrl],
        ["Key", `${caller.key.label} (${caller.key.id})`],
        ["Organization", caller.key.organizationId],
        ["Scope", SCOPES[caller.key.scope]],
        ["System", caller.key.systemId],
        ["Limited to", caller.key.scope === "systems" ? list(caller.key.systemLimits) : null],
        ["Config", ctx.env.KEYPLANE_KEY ? "KEYPLANE_KEY" : configPath(ctx.env)],
      ]),
    );
  }
  return 0;
};
