import { dbProvider, getDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/time";
import { parseWebhookUrl, resolveWebhookAddresses } from "./address";
import { onWebhookQueued } from "./outbox";
import { revealWebhookSecret } from "./secret";
import { postWebhook, SEND_TIMEOUT_MS, type SendResult } from "./send";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";

// The delivery worker (ARCHITECTURE.md, "Webhooks"), run by the server process. All its state is
// in the database, so a restart loses nothing: a due delivery is claimed by setting lockedUntil
// (a lease longer than one request), sent, and then marked delivered or rescheduled with
// exponential backoff until 24 hours after the event; after that it is marked failed.
// - Several instances: on PostgreSQL the claim locks the rows with FOR UPDATE SKIP LOCKED, so two
//   workers never take the same row; SQLite has one writer, and the claim is a conditional UPDATE.
// - Order: a delivery is due only when no older delivery to the same endpoint about the same
//   subject (a key) is still pending, so one key's events arrive in the order they happened.
// - At least once: a worker that dies mid-request leaves the lease to expire and the delivery is
//   sent again, with the same event id.

const RETRY_WINDOW_MS = DAY_MS;
const LEASE_MS = SEND_TIMEOUT_MS + MINUTE_MS;
const MAX_BACKOFF_MS = HOUR_MS;
const BATCH = 20;

export type WebhookWorkerOptions = {
  db?: Db;
  now?: () => Date;
  allowPrivate?: boolean;
  /** The first retry's delay; each next one doubles, up to an hour. */
  backoffBaseMs?: number;
  pollMs?: number;
  timeoutMs?: number;
};

export type WebhookWorker = {
  /** Sends every delivery due now; resolves with how many were attempted. */
  runOnce: () => Promise<number>;
  start: () => void;
  stop: () => Promise<void>;
};

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export function createWebhookWorker(options: WebhookWorkerOptions = {}): WebhookWorker {
  const db = () => options.db ?? getDb();
  const now = options.now ?? (() => new Date());
  const allowPrivate = options.allowPrivate ?? env().KEYPLANE_WEBHOOK_ALLOW_PRIVATE;
  const baseMs = options.backoffBaseMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;

  async function runOnce(): Promise<number> {
    const claimed = await claimDue(db(), now());
    // Claimed rows are heads of distinct (endpoint, subject) queues: sending them at once keeps
    // each queue in order.
    await Promise.all(claimed.map((id) => deliver(id)));
    return claimed.length;
  }

  async function deliver(id: string): Promise<void> {
    const row = await db().webhookDelivery.findUnique({
      where: { id },
      include: { event: true, endpoint: true },
    });
    if (!row) return;
    const { event, endpoint } = row;
    const sentAt = now();
    const body = JSON.stringify({
      id: event.id,
      type: event.type,
      createdAt: event.createdAt.toISOString(),
      organizationId: event.organizationId,
      data: event.payload,
    });
    let result: SendResult;
    try {
      const url = parseWebhookUrl(endpoint.url);
      const addresses = await resolveWebhookAddresses(url, allowPrivate);
      const secret = revealWebhookSecret(endpoint.id, endpoint.secretEnc);
      const signature = signatureHeader(secret, Math.floor(sentAt.getTime() / 1000), body);
      result = await postWebhook(url, addresses, { [SIGNATURE_HEADER]: signature }, body, timeoutMs);
    } catch (error) {
      result = { error: error instanceof Error ? error.message : "could not send" };
    }
    const attempts = row.attempts + 1;
    const ok = "status" in result && result.status >= 200 && result.status < 300;
    const next = new Date(sentAt.getTime() + backoffMs(attempts, baseMs));
    const expired = next.getTime() > row.createdAt.getTime() + RETRY_WINDOW_MS;
    await db().webhookDelivery.update({
      where: { id },
      data: {
        attempts,
        lastAttemptAt: sentAt,
        lastResponseCode: "status" in result ? result.status : null,
        lastError: "error" in result ? result.error.slice(0, 500) : ok ? null : `HTTP ${result.status}`,
        lockedUntil: null,
        ...(ok
          ? { status: "delivered", deliveredAt: sentAt }
          : expired
            ? { status: "failed" }
            : { nextAttemptAt: next }),
      },
    });
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let unsubscribe: (() => void) | null = null;

  function tick(): void {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          // A full batch means more may be due: go on at once.
          while ((await runOnce()) === BATCH) again = false;
        } catch (error) {
          console.error(
            `[webhooks] ${error instanceof Error ? error.message.split("\n")[0] : "worker failed"}`,
          );
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      unsubscribe = onWebhookQueued(tick);
      timer = setInterval(tick, options.pollMs ?? 2_000);
      timer.unref();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
      await running;
    },
  };
}

/**
 * Takes up to BATCH due deliveries for this worker by setting their lease, and returns their ids.
 * Due: pending, nextAttemptAt reached, not leased by anyone, and the oldest pending delivery of
 * its (endpoint, subject) queue.
 */
export async function claimDue(db: Db, now: Date): Promise<string[]> {
  const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
  const candidates = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...free },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: BATCH * 5,
    select: { id: true, endpointId: true, orderKey: true },
  });
  if (candidates.length === 0) return [];
  const queueOf = (row: { endpointId: string; orderKey: string }) => `${row.endpointId} ${row.orderKey}`;
  const queues = new Map(candidates.map((row) => [queueOf(row), row]));
  const pending = await db.webhookDelivery.findMany({
    where: {
      status: "pending",
      OR: [...queues.values()].map((row) => ({ endpointId: row.endpointId, orderKey: row.orderKey })),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, endpointId: true, orderKey: true },
  });
  const heads = new Set<string>();
  const seen = new Set<string>();
  for (const row of pending) {
    if (seen.has(queueOf(row))) continue;
    seen.add(queueOf(row));
    heads.add(row.id);
  }
  const due = candidates
    .filter((row) => heads.has(row.id))
    .slice(0, BATCH)
    .map((row) => row.id);
  if (due.length === 0) return [];
  const lease = new Date(now.getTime() + LEASE_MS);
  return db.$transaction(async (tx) => {
    let lockable = due;
    if (dbProvider() === "postgresql") {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "WebhookDelivery" WHERE "id" = ANY(${due}) FOR UPDATE SKIP LOCKED`;
      const locked = new Set(rows.map((row) => row.id));
      lockable = due.filter((id) => locked.has(id));
    }
    const claimed: string[] = [];
    for (const id of lockable) {
      const { count } = await tx.webhookDelivery.updateMany({
        where: { id, status: "pending", ...free },
        data: { lockedUntil: lease },
      });
      if (count === 1) claimed.push(id);
    }
    return claimed;
  });
}

/** Started by the server (scripts/lib/serve.ts); returns the function that stops it. */
export function startWebhookWorker(): () => Promise<void> {
  const worker = createWebhookWorker();
  worker.start();
  return worker.stop;
}
