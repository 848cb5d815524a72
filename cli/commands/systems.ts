import type { z } from "zod";
import type { systemListResponseSchema, systemResponseSchema } from "@/lib/api/schemas/systems";
import { noPositionals, parse, required } from "../args";
import type { Command } from "../context";
import { formatTable, printJson, shortTime, terminalText } from "../output";

// keyplane systems list | create

export const listSystems: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {});
  noPositionals(positionals);
  const answer = await ctx
    .client()
    .request<z.output<typeof systemListResponseSchema>>("GET", "/api/v1/systems");
  if (values.json) printJson(ctx.output, answer);
  else if (answer.data.length === 0) ctx.output.out("No systems.");
  else {
    const rows = answer.data.map((s) => [s.id, s.name, s.slug, String(s.liveKeys), shortTime(s.createdAt)]);
    ctx.output.out(formatTable(["ID", "NAME", "SLUG", "LIVE KEYS", "CREATED"], rows));
  }
  return 0;
};

export const createSystem: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {
    name: { type: "string" },
    description: { type: "string" },
  });
  noPositionals(positionals);
  const body = { name: required(values.name, "--name"), description: values.description };
  const answer = await ctx
    .client()
    .request<z.output<typeof systemResponseSchema>>("POST", "/api/v1/systems", {
      body,
    });
  if (values.json) printJson(ctx.output, answer);
  else ctx.output.out(`Created system “${terminalText(answer.system.name)}” (${answer.system.id}).`);
  return 0;
};
