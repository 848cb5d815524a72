import type { z } from "zod";
import type { keyResponseSchema, keyWithSecretsResponseSchema } from "@/lib/api/schemas/key-responses";
import { DEFAULT_GRACE } from "@/lib/keys/grace";
import { parse, required, single, type Options } from "../args";
import type { Command, CommandContext } from "../context";
import { parseExpiresAt, parseExpiry, parseGrace } from "../durations";
import { usageError } from "../errors";
import { parseCredits, parseMeta, parseRatelimit } from "../limits";
import { printJson, terminalText } from "../output";
import { confirm } from "../prompt";
import { keyDetails, printSecrets } from "./key-format";

// keyplane keys create | update | roll | regenerate | disable | enable | revoke | delete

type KeyAnswer = z.output<typeof keyResponseSchema>;
type SecretAnswer = z.output<typeof keyWithSecretsResponseSchema>;

const path = (id: string, action = "") => `/api/v1/keys/${encodeURIComponent(id)}${action}`;

const FIELDS = {
  label: { type: "string" },
  description: { type: "string" },
  expires: { type: "string" },
  permission: { type: "string", multiple: true },
  cidr: { type: "string", multiple: true },
  "limit-system": { type: "string", multiple: true },
  ratelimit: { type: "string", multiple: true },
  credits: { type: "string" },
  refill: { type: "string" },
  meta: { type: "string", multiple: true },
  "external-id": { type: "string" },
} as const satisfies Options;

/** The usage flags (cli/limits.ts) as API fields; absent flags stay absent. */
function usageFields(values: {
  ratelimit?: string[];
  credits?: string;
  refill?: string;
  meta?: string[];
  "external-id"?: string;
}) {
  return {
    ratelimits: values.ratelimit?.map(parseRatelimit),
    credits: parseCredits(values.credits, values.refill),
    meta: parseMeta(values.meta),
    externalId: values["external-id"],
  };
}

export const createKey: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {
    ...FIELDS,
    system: { type: "string" },
    secondary: { type: "boolean" },
  });
  if (positionals.length > 0) throw usageError(`Unexpected arguments: ${positionals.join(" ")}`);
  const body = {
    label: required(values.label, "--label"),
    description: values.description,
    systemId: values.system,
    expiry: values.expires === undefined ? undefined : parseExpiry(values.expires),
    permissions: values.permission,
    allowedCidrs: values.cidr,
    systemLimits: values["limit-system"],
    withSecondary: values.secondary,
    ...usageFields(values),
  };
  const answer = await ctx.client().request<SecretAnswer>("POST", "/api/v1/keys", { body, idempotent: true });
  return showKey(
    ctx,
    answer,
    values.json,
    `Created key “${terminalText(answer.key.label)}” (${answer.key.id}).`,
  );
};

export const updateKey: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, { ...FIELDS, "expected-version": { type: "string" } });
  const id = single(positionals, "the key id");
  const body = {
    label: values.label,
    description: values.description,
    expiresAt: values.expires === undefined ? undefined : parseExpiresAt(values.expires),
    permissions: values.permission,
    allowedCidrs: values.cidr,
    systemLimits: values["limit-system"],
    ...usageFields(values),
    expectedVersion:
      values["expected-version"] === undefined ? undefined : Number(values["expected-version"]),
  };
  if (Object.values(body).every((value) => value === undefined)) throw usageError("Nothing to change.");
  const answer = await ctx.client().request<KeyAnswer>("PATCH", path(id), { body });
  return showKey(ctx, answer, values.json, "Updated.");
};

export const topUpCredits: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, { amount: { type: "string" } });
  const id = single(positionals, "the key id");
  const amount = required(values.amount, "--amount");
  if (!/^\d+$/.test(amount)) throw usageError(`--amount takes a whole number, not "${amount}".`);
  const answer = await ctx
    .client()
    .request<KeyAnswer>("POST", path(id, "/credits"), { body: { amount: Number(amount) } });
  return showKey(ctx, answer, values.json, `Added ${amount} credits: ${answer.key.credits?.remaining} left.`);
};

export const rollKey: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, { grace: { type: "string" } });
  const id = single(positionals, "the key id");
  const body = { grace: parseGrace(values.grace ?? DEFAULT_GRACE) };
  const answer = await ctx
    .client()
    .request<SecretAnswer>("POST", path(id, "/roll"), { body, idempotent: true });
  const rolled = answer.key.secrets.find((secret) => secret.slot === "rolled");
  const note = rolled?.graceEndsAt
    ? ` The old secret works until ${rolled.graceEndsAt}.`
    : " The old secret no longer works.";
  return showKey(ctx, answer, values.json, `Rolled “${terminalText(answer.key.label)}”.${note}`);
};

export const regenerateSecret: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {
    slot: { type: "string" },
    yes: { type: "boolean", short: "y" },
  });
  const id = single(positionals, "the key id");
  const slot = required(values.slot, "--slot (primary or secondary)");
  await confirmOrRefuse(values.yes, `The ${slot} secret of ${id} stops working at once. Continue?`);
  const answer = await ctx
    .client()
    .request<SecretAnswer>("POST", path(id, "/regenerate"), { body: { slot } });
  return showKey(ctx, answer, values.json, `New ${slot} secret for “${terminalText(answer.key.label)}”.`);
};

export const disableKey: Command = (ctx) => stateChange(ctx, "/disable", "Disabled");
export const enableKey: Command = (ctx) => stateChange(ctx, "/enable", "Enabled");

export const revokeKey: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, { yes: { type: "boolean", short: "y" } });
  const id = single(positionals, "the key id");
  await confirmOrRefuse(values.yes, `Revoke ${id}? It stops working for good.`);
  const answer = await ctx.client().request<KeyAnswer>("POST", path(id, "/revoke"), { body: {} });
  return showKey(ctx, answer, values.json, `Revoked “${terminalText(answer.key.label)}”.`);
};

export const deleteKey: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, { yes: { type: "boolean", short: "y" } });
  const id = single(positionals, "the key id");
  await confirmOrRefuse(values.yes, `Delete the revoked key ${id}? Its audit entries stay.`);
  const answer = await ctx.client().request<{ id: string; deleted: true }>("DELETE", path(id));
  if (values.json) printJson(ctx.output, answer);
  else ctx.output.out(`Deleted ${answer.id}.`);
  return 0;
};

async function stateChange(ctx: CommandContext, action: string, done: string): Promise<number> {
  const { values, positionals } = parse(ctx.argv, { "expected-version": { type: "string" } });
  const id = single(positionals, "the key id");
  const version = values["expected-version"];
  const body = version === undefined ? {} : { expectedVersion: Number(version) };
  const answer = await ctx.client().request<KeyAnswer>("POST", path(id, action), { body });
  return showKey(ctx, answer, values.json, `${done} “${terminalText(answer.key.label)}”.`);
}

/** Destructive commands ask on a terminal; a script must say --yes. */
async function confirmOrRefuse(yes: boolean | undefined, question: string): Promise<void> {
  if (yes) return;
  if (!(await confirm(question)))
    throw usageError("Not confirmed: nothing was changed (pass --yes in scripts).");
}

/** The key for people (with its new secrets, shown this once), or the whole answer for scripts. */
function showKey(
  ctx: CommandContext,
  answer: KeyAnswer | SecretAnswer,
  json: boolean | undefined,
  message: string,
): number {
  if (json) {
    printJson(ctx.output, answer);
    return 0;
  }
  ctx.output.out(message);
  ctx.output.out("");
  ctx.output.out(keyDetails(answer.key));
  if ("secrets" in answer) printSecrets(ctx.output, answer.secrets);
  return 0;
}
