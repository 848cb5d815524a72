// Audit checkpoints: each organization's chain head, signed with the installation's Ed25519 key
// (KEYPLANE_AUDIT_SIGNING_KEY), every hour by the server and on demand from the audit page. A
// checkpoint kept outside the database (downloaded, or POSTed to KEYPLANE_AUDIT_ANCHOR_URL) lets
// `npm run audit:verify -- --checkpoint FILE` prove that the log still extends it: removing the
// newest entries or rewriting the log and recomputing the chain no longer goes unnoticed.
// No "server-only": the server's hourly job and the tests run it outside Next.js.
import type { KeyObject } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { getDb, type Db, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { afterCommit } from "@/lib/db/transaction";
import { auditSigningKey, env } from "@/lib/env";
import { HOUR_MS } from "@/lib/time";
import { checkpointDocument, type CheckpointRow } from "./checkpoint-document";
import { signCheckpoint } from "./checkpoint-signature";
import { writeAudit } from "./write";

type CheckpointDb = Pick<Db, "auditEntry" | "auditCheckpoint">;

/** Who made the server's own checkpoints (the createdBy of hourly rows; the audit page shows "Hourly"). */
const HOURLY = "hourly";

async function signHead(
  db: CheckpointDb,
  organizationId: string,
  now: Date,
  key: KeyObject,
): Promise<
  | ({ organizationId: string; seq: number; hash: string; createdAt: Date } & ReturnType<
      typeof signCheckpoint
    >)
  | null
> {
  const head = await db.auditEntry.findFirst({
    where: { organizationId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  if (!head) return null;
  const claim = { organizationId, seq: head.seq, hash: head.hash, createdAt: now };
  return { ...claim, ...signCheckpoint(claim, key) };
}

/**
 * "Create checkpoint now" (owners and admins): records who asked in the log, then signs the head,
 * which is that very entry, so the checkpoint covers its own request. Sent to the anchor after the
 * commit, without waiting for it.
 */
export async function createCheckpoint(
  ctx: Ctx,
  _input: unknown,
  tx: Tx,
): Promise<{ id: string; seq: number }> {
  await writeAudit(tx, ctx, {
    action: "audit.checkpoint_created",
    targetType: "organization",
    targetId: ctx.organizationId,
  });
  const signed = await signHead(tx, ctx.organizationId, new Date(), auditSigningKey());
  if (!signed) throw new Error("The audit log has no entries to sign.");
  const row = await tx.auditCheckpoint.create({
    data: { ...signed, hour: null, createdBy: ctx.actor.label },
    select: { id: true, seq: true },
  });
  afterCommit(tx, () => {
    void anchorPendingCheckpoints().catch(logFailure);
  });
  return row;
}

export type HourlyResult = { created: number; unchanged: number; taken: number };

/**
 * The hourly checkpoint of every organization whose head moved since its newest checkpoint. One
 * per organization and hour, whichever instance comes first: the unique (organizationId, hour)
 * refuses a second (counted as `taken`), so two instances on PostgreSQL never double it.
 */
export async function runHourlyCheckpoints(
  db: Db = getDb(),
  now = new Date(),
  key: KeyObject = auditSigningKey(),
): Promise<HourlyResult> {
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const result: HourlyResult = { created: 0, unchanged: 0, taken: 0 };
  for (const { id } of await db.organization.findMany({ select: { id: true }, orderBy: { id: "asc" } })) {
    const [signed, newest] = await Promise.all([
      signHead(db, id, now, key),
      db.auditCheckpoint.findFirst({
        where: { organizationId: id },
        orderBy: { createdAt: "desc" },
        select: { seq: true, hash: true, hour: true },
      }),
    ]);
    if (!signed) continue;
    if (
      newest &&
      (newest.hour?.getTime() === hour.getTime() ||
        (newest.seq === signed.seq && newest.hash === signed.hash))
    ) {
      result.unchanged += 1;
      continue;
    }
    try {
      await db.auditCheckpoint.create({ data: { ...signed, hour, createdBy: HOURLY } });
      result.created += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      result.taken += 1;
    }
  }
  return result;
}

/** Whether KEYPLANE_AUDIT_ANCHOR_URL is set (the audit page then shows what was sent). */
export function anchorConfigured(): boolean {
  return Boolean(env().KEYPLANE_AUDIT_ANCHOR_URL);
}

const ANCHOR_BATCH = 100;
const ANCHOR_TIMEOUT_MS = 10_000;

/**
 * POSTs every checkpoint not yet accepted by KEYPLANE_AUDIT_ANCHOR_URL, oldest first, as its JSON
 * document, and marks each one the receiver answered with 2xx. Stops at the first failure (the
 * rest wait for the next run, in order). Two instances may post the same checkpoint twice; the
 * document's `id` lets the receiver keep one. Does nothing without the URL.
 */
export async function anchorPendingCheckpoints(
  db: Pick<Db, "auditCheckpoint"> = getDb(),
  url: string | undefined = env().KEYPLANE_AUDIT_ANCHOR_URL,
): Promise<{ sent: number }> {
  if (!url) return { sent: 0 };
  const pending = await db.auditCheckpoint.findMany({
    where: { anchoredAt: null },
    orderBy: { createdAt: "asc" },
    take: ANCHOR_BATCH,
    include: { organization: { select: { id: true, slug: true, name: true } } },
  });
  let sent = 0;
  for (const checkpoint of pending) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(checkpointDocument(checkpoint.organization, checkpoint satisfies CheckpointRow)),
      signal: AbortSignal.timeout(ANCHOR_TIMEOUT_MS),
      redirect: "error",
    });
    if (!response.ok) throw new Error(`the anchor answered ${response.status}`);
    await db.auditCheckpoint.update({ where: { id: checkpoint.id }, data: { anchoredAt: new Date() } });
    sent += 1;
  }
  return { sent };
}

function logFailure(error: unknown): void {
  const reason =
    error instanceof Error
      ? error.cause instanceof Error
        ? error.cause.message
        : error.message
      : String(error);
  console.error(`[audit] checkpoint not anchored, retried next hour: ${reason.split("\n")[0]}`);
}

/** The hourly job's one run: sign what moved, then send what the anchor has not accepted yet. */
export async function checkpointAndAnchor(
  db: Db = getDb(),
  now = new Date(),
  anchorUrl: string | undefined = env().KEYPLANE_AUDIT_ANCHOR_URL,
): Promise<HourlyResult> {
  const result = await runHourlyCheckpoints(db, now);
  await anchorPendingCheckpoints(db, anchorUrl).catch(logFailure);
  return result;
}
