// `npm run audit:verify [-- --org <slug>] [--head <chain-head.json>]`: verifies the audit chain of
// every organization (or one) in the database DATABASE_URL names, the way the audit page's
// "Verify chain" does. With --head, the chain must also still hold the chain head downloaded from
// the audit page earlier, which catches removed or rewritten newest entries. Prints one line per
// organization; exits 1 when a chain is broken, 2 on a usage or database error. Read-only.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { checkAuditChain, type ChainCheck } from "@/lib/audit/chain-check";
import { getDb } from "@/lib/db";
import { describeDatabase, parseDatabaseUrl } from "@/lib/db/url";
import { databaseUrl } from "@/lib/env";

const USAGE = "Usage: npm run audit:verify [-- --org <slug>] [--head <chain-head.json>]";

const chainHeadFile = z.object({
  organization: z.object({ id: z.string().optional(), slug: z.string() }),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
type KeptHead = z.infer<typeof chainHeadFile>;

class UsageError extends Error {}

function readOptions(): { org?: string; head?: KeptHead } {
  let values: { org?: string; head?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { org: { type: "string" }, head: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.head) return { org: values.org };
  let head: KeptHead;
  try {
    head = chainHeadFile.parse(JSON.parse(readFileSync(values.head, "utf8")));
  } catch {
    throw new UsageError(`${values.head} is not a chain head downloaded from the audit page.`);
  }
  if (values.org && values.org !== head.organization.slug) {
    throw new UsageError(`The chain head is for ${head.organization.slug}, not ${values.org}.`);
  }
  return { org: head.organization.slug, head };
}

function describe(slug: string, result: ChainCheck): string {
  if (!result.ok) {
    const { problem, checked } = result;
    return `✗ ${slug}: BROKEN at #${problem.seq} (${problem.kind}${problem.entryId ? `, entry ${problem.entryId}` : ""}): ${problem.message} ${checked} entries before it checked out.`;
  }
  if (!result.head) return `✓ ${slug}: no entries yet`;
  const { seq, hash, createdAt } = result.head;
  return `✓ ${slug}: intact, ${result.count} entries; head #${seq} ${hash} ${createdAt.toISOString()}`;
}

async function main(): Promise<number> {
  const options = readOptions();
  const url = databaseUrl();
  const organizations = await getDb().organization.findMany({
    where: options.org ? { slug: options.org } : {},
    select: { id: true, slug: true },
    orderBy: { slug: "asc" },
  });
  if (options.org && organizations.length === 0) {
    throw new UsageError(`No organization with the slug "${options.org}" in this database.`);
  }
  console.log(
    `Verifying ${organizations.length} audit chain(s) in ${describeDatabase(parseDatabaseUrl(url))}`,
  );
  let broken = 0;
  for (const org of organizations) {
    const head = options.head;
    if (head?.organization.id && head.organization.id !== org.id) {
      throw new UsageError(`The chain head's organization id does not match ${org.slug} in this database.`);
    }
    const result = await checkAuditChain(org.id, {
      expectedHead: head ? { seq: head.seq, hash: head.hash } : undefined,
    });
    if (!result.ok) broken += 1;
    console.log(describe(org.slug, result));
  }
  if (broken > 0) console.error(`${broken} broken chain(s).`);
  return broken > 0 ? 1 : 0;
}

main()
  .then(async (code) => {
    await getDb().$disconnect();
    process.exit(code);
  })
  .catch((error: unknown) => {
    // Prisma's messages start with the call that failed; their last line says why.
    const lines = (error instanceof Error ? error.message : String(error))
      .split("\n")
      .filter((l) => l.trim());
    const message = error instanceof UsageError ? lines.join("\n") : (lines.at(-1) ?? "unknown error");
    console.error(`audit:verify: ${message}`);
    process.exit(2);
  });
