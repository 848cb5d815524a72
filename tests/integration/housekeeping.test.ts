import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  runHousekeeping,
  INVITATION_RETENTION_DAYS,
  USAGE_RETENTION_DAYS,
  WEBHOOK_EVENT_RETENTION_DAYS,
} from "@/lib/maintenance/housekeeping";
import { DAY_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { createKeyRow } from "../support/keys";

// The hourly sweep removes only rows that can no longer matter, and never an audit entry.

useTestDatabase();

const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);

let userId: string;
let organizationId: string;
let keyId: string;

beforeAll(async () => {
  const { org, owner } = await createOrgWithOwner("Sweep");
  userId = owner.id;
  organizationId = org.id;
  keyId = (await createKeyRow({ organizationId })).key.id;
});

describe("housekeeping", () => {
  it("removes expired and revoked sessions, stale counters, spent idempotency answers and old usage", async () => {
    const db = getDb();
    await db.session.deleteMany({});
    await db.session.createMany({
      data: [
        { id: "live", userId, expiresAt: ahead(DAY_MS) },
        { id: "just-expired", userId, expiresAt: ago(60_000) },
        { id: "long-expired", userId, expiresAt: ago(2 * DAY_MS) },
        { id: "revoked-long-ago", userId, expiresAt: ahead(DAY_MS), revokedAt: ago(2 * DAY_MS) },
      ],
    });
    await db.rateLimit.createMany({
      data: [
        { key: "fresh", count: 3, windowStart: ago(60_000) },
        { key: "stale", count: 3, windowStart: ago(2 * DAY_MS) },
        { key: "stale-but-locked", count: 9, windowStart: ago(2 * DAY_MS), lockedUntil: ahead(60_000) },
      ],
    });
    await db.keyUsage.createMany({
      data: [
        { keyId, organizationId, hour: ago(DAY_MS), valid: 1, refused: 0 },
        { keyId, organizationId, hour: ago((USAGE_RETENTION_DAYS + 1) * DAY_MS), valid: 1, refused: 0 },
      ],
    });
    const answer = { organizationId, actorKeyId: keyId, requestHash: "h", status: 201, response: "{}" };
    await db.idempotencyRecord.createMany({
      data: [
        { ...answer, idemKey: "spent", expiresAt: ago(60_000) },
        { ...answer, idemKey: "current", expiresAt: ahead(DAY_MS) },
      ],
    });
    const endpoint = await db.webhookEndpoint.create({
      data: { organizationId, url: "https://93.184.215.14/hook", events: ["key.created"], secretEnc: "x" },
    });
    const old = ago((WEBHOOK_EVENT_RETENTION_DAYS + 1) * DAY_MS);
    for (const [id, createdAt, status] of [
      ["evt_recent", ago(DAY_MS), "delivered"],
      ["evt_old", old, "delivered"],
      ["evt_old_failed", old, "failed"],
      ["evt_old_pending", old, "pending"],
    ] as const) {
      await db.webhookEvent.create({
        data: { id, organizationId, type: "key.created", payload: {}, createdAt },
      });
      await db.webhookDelivery.create({
        data: { organizationId, endpointId: endpoint.id, eventId: id, orderKey: id, status, createdAt },
      });
    }
    const invitation = (id: string, expiresAt: Date) => ({
      id,
      organizationId,
      email: `${id}@example.test`,
      role: "member",
      tokenHash: id,
      expiresAt,
    });
    await db.invitation.createMany({
      data: [
        invitation("inv_open", ahead(DAY_MS)),
        invitation("inv_expired_recently", ago(DAY_MS)),
        invitation("inv_expired_long_ago", ago((INVITATION_RETENTION_DAYS + 1) * DAY_MS)),
      ],
    });
    await db.passkeyChallenge.createMany({
      data: [
        { challenge: "expired", purpose: "sign_in", expiresAt: new Date(now.getTime() - 1) },
        { challenge: "open", purpose: "sign_in", expiresAt: new Date(now.getTime() + 60_000) },
      ],
    });
    const auditBefore = await db.auditEntry.count();

    expect(await runHousekeeping(db, now)).toEqual({
      sessions: 2,
      rateLimits: 1,
      idempotency: 1,
      usage: 1,
      webhookEvents: 2,
      invitations: 1,
      passkeyChallenges: 1,
    });
    expect((await db.invitation.findMany({ orderBy: { id: "asc" } })).map((i) => i.id)).toEqual([
      "inv_expired_recently",
      "inv_open",
    ]);
    expect((await db.webhookEvent.findMany({ orderBy: { id: "asc" } })).map((e) => e.id)).toEqual([
      "evt_old_pending",
      "evt_recent",
    ]);
    expect(await db.webhookDelivery.count()).toBe(2);

    expect((await db.session.findMany({ orderBy: { id: "asc" } })).map((s) => s.id)).toEqual([
      "just-expired",
      "live",
    ]);
    expect((await db.rateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual([
      "fresh",
      "stale-but-locked",
    ]);
    expect(await db.keyUsage.count({ where: { keyId } })).toBe(1);
    expect((await db.idempotencyRecord.findMany()).map((r) => r.idemKey)).toEqual(["current"]);
    expect((await db.passkeyChallenge.findMany()).map((c) => c.challenge)).toEqual(["open"]);
    expect(await db.auditEntry.count()).toBe(auditBefore);
    // A second sweep finds nothing left to do.
    expect(await runHousekeeping(db, now)).toEqual({
      sessions: 0,
      rateLimits: 0,
      idempotency: 0,
      usage: 0,
      webhookEvents: 0,
      invitations: 0,
      passkeyChallenges: 0,
    });
  });
});
