import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { emitScheduledKeyEvents } from "@/lib/maintenance/key-events";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { createKeyRow } from "../support/keys";
import { sealWebhookSecret } from "@/lib/webhooks/secret";

// Scheduled key events: key.expiring at each warning day of the policy (14, 7, 1), key.expired,
// key.grace_ending an hour before a rolled-out secret stops working. A sweep that runs again
// writes nothing twice; an organization without a subscribed endpoint gets nothing.

useTestDatabase();

let organizationId = "";
const now = new Date();
const at = (ms: number) => new Date(now.getTime() + ms);

async function eventsOf(keyId: string) {
  return getDb().webhookEvent.findMany({ where: { subjectId: keyId }, orderBy: { createdAt: "asc" } });
}

beforeAll(async () => {
  organizationId = (await createOrgWithOwner("Sched")).org.id;
  const endpoint = await getDb().webhookEndpoint.create({
    data: {
      organizationId,
      url: "https://93.184.215.14/hook",
      events: ["key.expiring", "key.expired", "key.grace_ending"],
      secretEnc: "",
    },
  });
  await getDb().webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { secretEnc: sealWebhookSecret(endpoint.id, "whsec_x") },
  });
});

describe("scheduled key events", () => {
  it("warns at each warning day once, announces expiry once, and writes nothing twice", async () => {
    const expiring = (await createKeyRow({ organizationId, expiresAt: at(10 * DAY_MS) })).key;
    const far = (await createKeyRow({ organizationId, expiresAt: at(30 * DAY_MS) })).key;
    const expired = (await createKeyRow({ organizationId, expiresAt: at(-MINUTE_MS) })).key;

    await emitScheduledKeyEvents(getDb(), now);
    expect(await emitScheduledKeyEvents(getDb(), now)).toBe(0);
    expect(
      (await eventsOf(expiring.id)).map((e) => [e.type, (e.payload as { warningDays?: number }).warningDays]),
    ).toEqual([["key.expiring", 14]]);
    expect(await eventsOf(far.id)).toEqual([]);
    expect((await eventsOf(expired.id)).map((e) => e.type)).toEqual(["key.expired"]);

    // Three days later the key is inside the 7-day warning: one more event, then nothing.
    const later = new Date(now.getTime() + 3 * DAY_MS + MINUTE_MS);
    expect(await emitScheduledKeyEvents(getDb(), later)).toBeGreaterThanOrEqual(1);
    expect(await emitScheduledKeyEvents(getDb(), later)).toBe(0);
    expect(
      (await eventsOf(expiring.id)).map((e) => (e.payload as { warningDays: number }).warningDays),
    ).toEqual([14, 7]);
    const deliveries = await getDb().webhookDelivery.count({ where: { event: { subjectId: expiring.id } } });
    expect(deliveries).toBe(2);
  });

  it("announces a rolled-out secret's grace ending within the hour, once", async () => {
    const { key } = await createKeyRow({ organizationId });
    await getDb().keySecret.create({
      data: {
        keyId: key.id,
        organizationId,
        slot: "rolled",
        hash: `rolled-${key.id}`,
        hint: "kp_…abcd",
        graceEndsAt: at(2 * HOUR_MS),
      },
    });
    await emitScheduledKeyEvents(getDb(), now);
    expect(await eventsOf(key.id)).toEqual([]);
    const soon = at(HOUR_MS + MINUTE_MS);
    await emitScheduledKeyEvents(getDb(), soon);
    await emitScheduledKeyEvents(getDb(), at(HOUR_MS + 2 * MINUTE_MS));
    expect((await eventsOf(key.id)).map((e) => e.type)).toEqual(["key.grace_ending"]);
  });

  it("writes nothing for an organization without a subscribed endpoint", async () => {
    const other = (await createOrgWithOwner("Quiet")).org.id;
    const { key } = await createKeyRow({ organizationId: other, expiresAt: at(DAY_MS / 2) });
    await emitScheduledKeyEvents(getDb(), now);
    expect(await eventsOf(key.id)).toEqual([]);
  });
});
