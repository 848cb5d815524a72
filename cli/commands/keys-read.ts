import type { z } from "zod";
import type {
  keyListResponseSchema,
  keyResponseSchema,
  keyUsageResponseSchema,
} from "@/lib/api/schemas/key-responses";
import { noPositionals, parse, single } from "../args";
import type { Command } from "../context";
import { usageError } from "../errors";
import { formatTable, printJson } from "../output";
import { keyDetails, keyTable } from "./key-format";

// keyplane keys list | get | usage

type KeyPage = z.output<typeof keyListResponseSchema>;
type KeyAnswer = z.output<typeof keyResponseSchema>;
type UsageAnswer = z.output<typeof keyUsageResponseSchema>;

export const listKeys: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {
    system: { type: "string" },
    org: { type: "boolean" },
    state: { type: "string", multiple: true },
    search: { type: "string", short: "q" },
    sort: { type: "string" },
    desc: { type: "boolean" },
    asc: { type: "boolean" },
    page: { type: "string" },
    "per-page": { type: "string" },
    "external-id": { type: "string" },
  });
  noPositionals(positionals);
  if (values.system && values.org) throw usageError("Give --system <id> or --org, not both.");
  const page = await ctx.client().request<KeyPage>("GET", "/api/v1/keys", {
    query: {
      systemId: values.system,
      scope: values.org ? "organization" : undefined,
      state: values.state,
      q: values.search,
      sort: values.sort,
      dir: values.asc ? "asc" : values.desc ? "desc" : undefined,
      page: values.page,
      perPage: values["per-page"],
      externalId: values["external-id"],
    },
  });
  if (values.json) {
    printJson(ctx.output, page);
    return 0;
  }
  if (page.data.length === 0) {
    ctx.output.out(page.total === 0 ? "No keys." : `No keys on page ${page.page} (${page.total} in all).`);
    return 0;
  }
  ctx.output.out(keyTable(page.data));
  ctx.output.out(
    `\nPage ${page.page} of ${page.pageCount} · ${page.total} ${page.total === 1 ? "key" : "keys"}`,
  );
  return 0;
};

export const getKey: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {});
  const id = single(positionals, "the key id");
  const answer = await ctx.client().request<KeyAnswer>("GET", `/api/v1/keys/${encodeURIComponent(id)}`);
  if (values.json) printJson(ctx.output, answer);
  else ctx.output.out(keyDetails(answer.key));
  return 0;
};

/** The key's verifications per day over the last 30 days: the days with any, then the totals. */
export const keyUsage: Command = async (ctx) => {
  const { values, positionals } = parse(ctx.argv, {});
  const id = single(positionals, "the key id");
  const answer = await ctx
    .client()
    .request<UsageAnswer>("GET", `/api/v1/keys/${encodeURIComponent(id)}/usage`);
  if (values.json) {
    printJson(ctx.output, answer);
    return 0;
  }
  const { days, valid, refused } = answer.usage;
  const used = days.filter((d) => d.valid + d.refused > 0);
  if (used.length > 0) {
    ctx.output.out(
      formatTable(
        ["DAY (UTC)", "VALID", "REFUSED"],
        used.map((d) => [d.day, String(d.valid), String(d.refused)]),
      ),
    );
    ctx.output.out("");
  }
  ctx.output.out(`${valid} valid, ${refused} refused in the last ${days.length} days.`);
  return 0;
};
