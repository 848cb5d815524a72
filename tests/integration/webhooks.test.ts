import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { disableKeyAction, enableKeyAction, reportLeakAction } from "@/lib/keys/actions";
import { respondToLeaks } from "@/lib/keys/leaks";
import { disableKey } from "@/lib/keys/set-state";
import { HOUR_MS, MINUTE_MS } from "@/lib/time";
import {
  createWebhookAction,
  resendWebhookDeliveryAction,
  sendTestWebhookAction,
} from "@/lib/webhooks/actions";
import { createWebhook } from "@/lib/webhooks/endpoints";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/webhooks/signature";
import { claimDue, createWebhookWorker, type WebhookWorker } from "@/lib/webhooks/worker";
import { useTestDatabase } from "../support/db";
import { signInAs } from "../support/fixtures";
import { createKeyAs, createKeysWorld, type KeysWorld } from "../support/key-lifecycle";

// Webhooks end to end through a real HTTP receiver: signatures, per-key order, retries after 500s
// and across a worker restart, nothing for a rolled-back change, and the SSRF refusal. The worker
// runs on a clock the tests move, so no test waits for a backoff.

process.env.KEYPLANE_WEBHOOK_ALLOW_PRIVATE = "true";

useTestDatabase();

type Received = {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; [k: string]: unknown };
};

let server: Server;
let url: string;
const received: Received[] = [];
/** Answer per event type (default 200). */
const answers = new Map<string, number>();

let w: KeysWorld;
let secret = "";
let webhookId = "";
let clock = Date.now();
const now = () => new Date(clock);
const workers: WebhookWorker[] = [];

function worker(): WebhookWorker {
  const created = createWebhookWorker({
    now,
    allowPrivate: true,
    backoffBaseMs: MINUTE_MS,
    timeoutMs: 5_000,
  });
  workers.push(created);
  return created;
}

/** Runs the worker until nothing more is due at the current clock. */
async function drain(run: WebhookWorker): Promise<void> {
  while ((await run.runOnce()) > 0);
}

/** Sends whatever is due, then forgets what the receiver got: the next step starts from nothing. */
async function settle(): Promise<void> {
  clock = Date.now() + 1_000;
  await drain(worker());
  received.length = 0;
}

/** The admin, for calling a core function directly (outside an action). */
function adminCtx(): Ctx {
  return {
    actor: { type: "user", id: w.admin.user.id, label: w.admin.user.email },
    organizationId: w.org.id,
    meta: { ip: null, userAgent: null },
  };
}

async function newKey(label: string): Promise<string> {
  const { key } = await createKeyAs(w.admin, { organizationId: w.org.id, label, systemId: w.system.id });
  return key.id;
}

function typesFor(keyId: string): string[] {
  return received
    .filter((r) => (r.body.data as { key?: { id: string } } | undefined)?.key?.id === keyId)
    .map((r) => r.body.type);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    request.on("end", () => {
      const body = JSON.parse(raw) as Received["body"];
      received.push({ headers: request.headers, raw, body });
      response.statusCode = answers.get(body.type) ?? 200;
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/keyplane`;
  w = await createKeysWorld("Hooks");
  await signInAs(w.owner.user);
  const result = await createWebhookAction({
    organizationId: w.org.id,
    url,
    events: ["key.created", "key.updated", "key.disabled", "key.enabled", "key.revoked"],
  });
  if (!result.ok) throw new Error(`${result.code} ${result.message}`);
  secret = result.data.secret;
  webhookId = result.data.webhook.id;
});

afterAll(async () => {
  for (const run of workers) await run.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  // Earlier tests' deliveries are done with: start each test from an empty queue.
  await settle();
  answers.clear();
});

describe("webhooks: delivery through a real receiver", () => {
  it("signs every event with the endpoint's secret, in the documented body shape", async () => {
    const keyId = await newKey("signed");
    clock = Date.now() + 1_000;
    await drain(worker());
    expect(received).toHaveLength(1);
    const [delivery] = received;
    const header = String(delivery?.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, header, delivery?.raw ?? "", Math.floor(clock / 1000))).toBe(true);
    expect(verifySignature(secret, header, `${delivery?.raw} `, Math.floor(clock / 1000))).toBe(false);
    expect(verifySignature(`${secret}x`, header, delivery?.raw ?? "", Math.floor(clock / 1000))).toBe(false);
    // Older than the 5-minute tolerance: refused.
    expect(verifySignature(secret, header, delivery?.raw ?? "", Math.floor(clock / 1000) + 301)).toBe(false);
    expect(Object.keys(delivery?.body ?? {}).sort()).toEqual([
      "createdAt",
      "data",
      "id",
      "organizationId",
      "type",
    ]);
    expect(delivery?.body).toMatchObject({
      type: "key.created",
      organizationId: w.org.id,
      data: { key: { id: keyId, label: "signed" }, actor: { type: "user", id: w.admin.user.id } },
    });
    const event = await getDb().webhookEvent.findUniqueOrThrow({ where: { id: delivery?.body.id ?? "" } });
    expect(event.type).toBe("key.created");
    const row = await getDb().webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastResponseCode: 200, lockedUntil: null });
  });

  it("keeps one key's events in order: a failing event holds back the later ones for that key only", async () => {
    answers.set("key.created", 500);
    const first = await newKey("ordered");
    await signInAs(w.admin.user);
    const disabled = await disableKeyAction({ keyId: first, expectedVersion: 1 });
    expect(disabled.ok ? "ok" : `${disabled.code} ${disabled.message}`).toBe("ok");
    expect(await enableKeyAction({ keyId: first, expectedVersion: 2 })).toMatchObject({ ok: true });
    clock = Date.now() + 1_000;
    const run = worker();
    await drain(run);
    // key.created answered 500; its disable and enable wait behind it.
    expect(typesFor(first)).toEqual(["key.created"]);
    // Another key's events are not held back by it.
    answers.delete("key.created");
    const other = await newKey("independent");
    clock = Date.now() + 1_000;
    await drain(run);
    expect(typesFor(other)).toEqual(["key.created"]);
    expect(typesFor(first)).toEqual(["key.created"]);
    // After the backoff the failed event goes again, then the rest, in the order they happened.
    clock += 2 * MINUTE_MS;
    await drain(run);
    expect(typesFor(first)).toEqual(["key.created", "key.created", "key.disabled", "key.enabled"]);
  });

  it("retries after a 500 with backoff, and a new worker (a restart) picks the delivery up with the same event id", async () => {
    answers.set("key.created", 500);
    const keyId = await newKey("restart");
    clock = Date.now() + 1_000;
    const before = worker();
    await drain(before);
    await before.stop();
    const row = await getDb().webhookDelivery.findFirstOrThrow({
      where: { endpointId: webhookId, event: { subjectId: keyId } },
    });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastResponseCode: 500, lockedUntil: null });
    expect(row.nextAttemptAt.getTime()).toBe(clock + MINUTE_MS);

    // The receiver recovers; the new worker waits for the backoff, then sends the same event.
    answers.delete("key.created");
    const after = worker();
    await drain(after);
    expect(typesFor(keyId)).toEqual(["key.created"]);
    clock += MINUTE_MS;
    await drain(after);
    expect(typesFor(keyId)).toEqual(["key.created", "key.created"]);
    const ids = received
      .filter((r) => typesFor(keyId).length > 0 && r.body.type === "key.created")
      .map((r) => r.body.id);
    expect(ids[0]).toBe(ids[1]);
    expect(await getDb().webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastResponseCode: 200,
    });
  });

  it("backs off exponentially and gives up 24 hours after the event", async () => {
    answers.set("key.created", 503);
    const keyId = await newKey("gives-up");
    clock = Date.now() + 1_000;
    const run = worker();
    const delays: number[] = [];
    for (let i = 0; i < 60; i++) {
      await drain(run);
      const row = await getDb().webhookDelivery.findFirstOrThrow({ where: { event: { subjectId: keyId } } });
      if (row.status !== "pending") break;
      delays.push(row.nextAttemptAt.getTime() - clock);
      clock = row.nextAttemptAt.getTime();
    }
    expect(delays.slice(0, 4)).toEqual([MINUTE_MS, 2 * MINUTE_MS, 4 * MINUTE_MS, 8 * MINUTE_MS]);
    expect(Math.max(...delays)).toBe(HOUR_MS);
    const row = await getDb().webhookDelivery.findFirstOrThrow({ where: { event: { subjectId: keyId } } });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(typesFor(keyId).length);
    expect(clock - row.createdAt.getTime()).toBeLessThanOrEqual(24 * HOUR_MS);
  });

  it("sends nothing for a change that rolls back", async () => {
    const keyId = await newKey("rolled-back");
    await settle();
    const ctx = adminCtx();
    const events = () => getDb().webhookEvent.count({ where: { subjectId: keyId } });
    const committed = await events();
    await expect(
      transact(async (tx) => {
        await disableKey(ctx, { keyId, expectedVersion: 1 }, tx);
        // The change wrote its outbox row inside the transaction...
        expect(await tx.webhookEvent.count({ where: { subjectId: keyId } })).toBe(committed + 1);
        throw new Error("the request failed after the change");
      }),
    ).rejects.toThrow("the request failed after the change");
    // ...and the rollback took it away: nothing is queued, nothing is sent.
    expect(await events()).toBe(committed);
    clock = Date.now() + 1_000;
    await drain(worker());
    expect(received).toEqual([]);
  });

  it("never gives one delivery to two workers claiming at the same time", async () => {
    answers.set("key.created", 200);
    for (let i = 0; i < 6; i++) await newKey(`claim-${i}`);
    const at = new Date(Date.now() + 1_000);
    const [a, b] = await Promise.all([claimDue(getDb(), at), claimDue(getDb(), at)]);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(new Set([...a, ...b]).size).toBe(6);
    // Leased rows are not due again until the lease runs out.
    expect(await claimDue(getDb(), at)).toEqual([]);
  });

  it("sends a test event to one endpoint, and Resend sends the same event again", async () => {
    await signInAs(w.owner.user);
    const sent = await sendTestWebhookAction({ organizationId: w.org.id, webhookId });
    expect(sent.ok).toBe(true);
    clock = Date.now() + 1_000;
    const run = worker();
    await drain(run);
    expect(received.map((r) => r.body.type)).toEqual(["webhook.test"]);
    const delivery = await getDb().webhookDelivery.findFirstOrThrow({
      where: { eventId: received[0]?.body.id ?? "" },
    });
    const resent = await resendWebhookDeliveryAction({ organizationId: w.org.id, deliveryId: delivery.id });
    expect(resent.ok).toBe(true);
    clock = Date.now() + 1_000;
    await drain(run);
    expect(received.map((r) => r.body.id)).toEqual([received[0]?.body.id, received[0]?.body.id]);
  });
});

describe("webhooks: leaks and restarts", () => {
  it("a server that stops mid-delivery leaves the event to the next one once its lease runs out, same id", async () => {
    const keyId = await newKey("crashed-mid-send");
    clock = Date.now() + 1_000;
    // A worker claimed the delivery (its lease is set) and the process died before any answer.
    const claimed = await claimDue(getDb(), now());
    expect(claimed).toHaveLength(1);
    const restarted = worker();
    await drain(restarted);
    expect(typesFor(keyId)).toEqual([]);
    // Once the lease has run out, the restarted server sends it: once, with the stored event id.
    clock += 2 * MINUTE_MS;
    await drain(restarted);
    expect(typesFor(keyId)).toEqual(["key.created"]);
    const event = await getDb().webhookEvent.findFirstOrThrow({ where: { subjectId: keyId } });
    expect(received.find((r) => (r.body.data as { key?: { id: string } }).key?.id === keyId)?.body.id).toBe(
      event.id,
    );
    await drain(restarted);
    expect(typesFor(keyId)).toEqual(["key.created"]);
  });

  it("sends key.leaked, signed, for a reported secret; nothing for a report that rolls back", async () => {
    await signInAs(w.owner.user);
    const hook = await createWebhookAction({
      organizationId: w.org.id,
      url: `${url}/leaks`,
      events: ["key.leaked"],
    });
    if (!hook.ok) throw new Error(hook.message);
    const leaky = await createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "leaky",
      systemId: w.system.id,
    });
    const leakySecret = leaky.secrets.primary ?? "";
    const kept = await createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "kept",
      systemId: w.system.id,
    });
    const keptSecret = kept.secrets.primary ?? "";
    await settle();

    const ctx = adminCtx();
    await expect(
      transact(async (tx) => {
        await respondToLeaks(ctx, { reports: [{ token: keptSecret, url: "https://paste.example/1" }] }, tx);
        throw new Error("the request failed after the report");
      }),
    ).rejects.toThrow("the request failed after the report");
    await signInAs(w.admin.user);
    const reported = await reportLeakAction({ organizationId: w.org.id, text: `oops ${leakySecret}` });
    expect(reported.ok).toBe(true);

    clock = Date.now() + 1_000;
    await drain(worker());
    const leaks = received.filter((r) => r.body.type === "key.leaked");
    expect(leaks.map((r) => (r.body.data as { key: { id: string } }).key.id)).toEqual([leaky.key.id]);
    const [delivery] = leaks;
    expect(
      verifySignature(
        hook.data.secret,
        String(delivery?.headers[SIGNATURE_HEADER.toLowerCase()]),
        delivery?.raw ?? "",
        Math.floor(clock / 1000),
      ),
    ).toBe(true);
    expect(delivery?.raw).not.toContain(leakySecret);
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: kept.key.id } })).state).toBe("active");
  });
});

describe("webhooks: server-side request forgery", () => {
  const ctx = (): Ctx => ({
    actor: { type: "user", id: w.owner.user.id, label: w.owner.user.email },
    organizationId: w.org.id,
    meta: { ip: null, userAgent: null },
  });

  it.each([
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fd00::1]/hook",
    "http://0.0.0.0/hook",
  ])("refuses %s when KEYPLANE_WEBHOOK_ALLOW_PRIVATE is off", async (target) => {
    await expect(
      transact((tx) =>
        createWebhook(ctx(), { organizationId: w.org.id, url: target, events: ["key.created"] }, tx, false),
      ),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", fieldErrors: { url: expect.stringContaining("") } });
    expect(await getDb().webhookEndpoint.count({ where: { url: new URL(target).href } })).toBe(0);
  });

  it.each(["ftp://example.com/hook", "file:///etc/passwd", "http://user:pw@example.com/"])(
    "refuses %s (only http and https, no credentials)",
    async (target) => {
      await expect(
        transact((tx) =>
          createWebhook(ctx(), { organizationId: w.org.id, url: target, events: ["key.created"] }, tx, false),
        ),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    },
  );

  it("checks again before each delivery: an endpoint that points inside is not called", async () => {
    const keyId = await newKey("ssrf-at-send");
    clock = Date.now() + 1_000;
    const strict = createWebhookWorker({ now, allowPrivate: false, backoffBaseMs: MINUTE_MS });
    workers.push(strict);
    await drain(strict);
    expect(received).toEqual([]);
    const row = await getDb().webhookDelivery.findFirstOrThrow({ where: { event: { subjectId: keyId } } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastResponseCode: null });
    expect(row.lastError).toContain("127.0.0.1");
  });
});
