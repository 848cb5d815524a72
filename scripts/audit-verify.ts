// `npm run audit:verify [-- --org <slug>] [--head <chain-head.json>] [--checkpoint <file> [--full]]`:
// verifies the audit chain of every organization (or one) in the database DATABASE_URL names, the
// way the audit page's "Verify chain" does. With --head, the chain must also still hold the chain
// head downloaded from the audit page earlier, which catches removed or rewritten newest entries.
// With --checkpoint, a signed checkpoint (downloaded from the audit page or held by the anchor): its
// Ed25519 signature must verify with the public key it carries (and match this installation's key
// when this machine has it), the entry at its position must still carry the signed hash, and the
// chain from there to the head must be intact; only the entries after it are read (--full checks
// from the first entry too). Prints one line per organization; exits 1 when a chain is broken or
// no longer extends the checkpoint, 2 on a usage or database error. Read-only.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { checkAuditChain, type ChainCheck } from "@/lib/audit/chain-check";
import { parseCheckpointDocument, type ParsedCheckpoint } from "@/lib/audit/checkpoint-document";
import {
  parseAuditSigningKey,
  publicKeyId,
  verifyCheckpointSignature,
} from "@/lib/audit/checkpoint-signature";
import { getDb } from "@/lib/db";
import { describeDatabase, parseDatabaseUrl } from "@/lib/db/url";
import { databaseUrl } from "@/lib/env";
import { readLocalSecret } from "@/lib/env/local-secrets";
import { createPublicKey } from "node:crypto";

const USAGE =
  "Usage: npm run audit:verify [-- --org <slug>] [--head <chain-head.json>] [--checkpoint <checkpoint.json> [--full]]";

const chainHeadFile = z.object({
  organization: z.object({ id: z.string().optional(), slug: z.string() }),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
type KeptHead = z.infer<typeof chainHeadFile>;
const CHECKPOINT = "the signed checkpoint";

class UsageError extends Error {}

type Options = { org?: string; head?: KeptHead; checkpoint?: ParsedCheckpoint; full: boolean };

function readOptions(): Options {
  let values: { org?: string; head?: string; checkpoint?: string; full?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        org: { type: "string" },
        head: { type: "string" },
        checkpoint: { type: "string" },
        full: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.head && values.checkpoint)
    throw new UsageError(`Give --head or --checkpoint, not both.\n${USAGE}`);
  if (values.full && !values.checkpoint) throw new UsageError(`--full goes with --checkpoint.\n${USAGE}`);
  if (values.checkpoint) {
    const checkpoint = parseCheckpointDocument(readJson(values.checkpoint));
    if (!checkpoint)
      throw new UsageError(`${values.checkpoint} is not a checkpoint downloaded from the audit page.`);
    assertSameOrg(values.org, checkpoint.organization.slug, "checkpoint");
    return { org: checkpoint.organization.slug, checkpoint, full: values.full ?? false };
  }
  if (!values.head) return { org: values.org, full: false };
  const head = chainHeadFile.safeParse(readJson(values.head));
  if (!head.success)
    throw new UsageError(`${values.head} is not a chain head downloaded from the audit page.`);
  assertSameOrg(values.org, head.data.organization.slug, "chain head");
  return { org: head.data.organization.slug, head: head.data, full: false };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function assertSameOrg(given: string | undefined, slug: string, what: string): void {
  if (given && given !== slug) throw new UsageError(`The ${what} is for ${slug}, not ${given}.`);
}

/**
 * The checkpoint's own signature, and its key against this installation's signing key when this
 * machine has it (a file signed with some other key proves nothing about this log). Null = good.
 */
function signatureProblem(checkpoint: ParsedCheckpoint): string | null {
  const check = verifyCheckpointSignature(checkpoint.claim, checkpoint.signed);
  if (!check.ok)
    return `the checkpoint's signature does not verify: ${check.reason}. The file was altered or not made by Keyplane.`;
  const local = readLocalSecret("KEYPLANE_AUDIT_SIGNING_KEY");
  const localKey = local ? parseAuditSigningKey(local) : null;
  if (!localKey) return null;
  const localId = publicKeyId(createPublicKey(localKey));
  return localId === check.publicKeyId
    ? null
    : `the checkpoint is signed by key ${check.publicKeyId}, but this installation signs with key ${localId}.`;
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

async function verifyChain(
  org: { id: string; slug: string },
  head: KeptHead | undefined,
): Promise<{ line: string; ok: boolean }> {
  const result = await checkAuditChain(org.id, {
    expectedHead: head ? { seq: head.seq, hash: head.hash } : undefined,
    // A long SQLite log is split across the machine's cores (lib/audit/chain-parallel.ts).
    workers: availableParallelism(),
  });
  return { line: describe(org.slug, result), ok: result.ok };
}

async function verifyCheckpoint(
  org: { id: string; slug: string },
  checkpoint: ParsedCheckpoint,
  full: boolean,
): Promise<{ line: string; ok: boolean }> {
  const { seq, hash, createdAt } = checkpoint.claim;
  const problem = signatureProblem(checkpoint);
  if (problem) return { line: `✗ ${org.slug}: ${problem}`, ok: false };
  const kept = { seq, hash, name: CHECKPOINT };
  const started = performance.now();
  const result = await checkAuditChain(org.id, full ? { expectedHead: kept } : { startAt: kept });
  const ms = Math.round(performance.now() - started);
  const signed = `checkpoint #${seq} of ${createdAt.toISOString()}, key ${checkpoint.signed.publicKeyId}`;
  if (!result.ok) return { line: describe(org.slug, result), ok: false };
  if (!result.head) return { line: describe(org.slug, result), ok: true };
  const head = `head #${result.head.seq} ${result.head.hash} ${result.head.createdAt.toISOString()}`;
  const walked = full
    ? `all ${result.count} entries check out`
    : `${result.count} entries after it check out`;
  return { line: `✓ ${org.slug}: extends the signed ${signed}; ${walked} (${ms} ms); ${head}`, ok: true };
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
    const kept = (options.head ?? options.checkpoint)?.organization;
    if (kept?.id && kept.id !== org.id) {
      const what = options.head ? "chain head" : "checkpoint";
      throw new UsageError(`The ${what}'s organization id does not match ${org.slug} in this database.`);
    }
    const { line, ok } = options.checkpoint
      ? await verifyCheckpoint(org, options.checkpoint, options.full)
      : await verifyChain(org, options.head);
    if (!ok) broken += 1;
    console.log(line);
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
