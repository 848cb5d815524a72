import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { checkChainsForWebhooks } from "@/lib/maintenance/chain-check";
import { seedAuditChain } from "../support/audit";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";

// `audit.chain_broken` (README.md, "Webhooks"): the hourly chain check sends it to the broken
// organization's subscribed endpoints, once per break however often it runs, and to no one else.

useTestDatabase();

async function subscribe(organizationId: string, events: string[]) {
  return getDb().webhookEndpoint.create({
    data: { organizationId, url: "https://93.184.215.14/hook", events, secretEnc: "" },
  });
}

describe("audit.chain_broken", () => {
  it("is sent once per break, to the broken organization's subscribed endpoints only", async () => {
    const broken = await createOrgWithOwner("Broken");
    const intact = await createOrgWithOwner("Intact");
    await seedAuditChain({ organizationId: broken.org.id, count: 20 });
    await seedAuditChain({ organizationId: intact.org.id, count: 20 });
    const hook = await subscribe(broken.org.id, ["audit.chain_broken"]);
    const other = await subscribe(broken.org.id, ["key.created"]);
    await subscribe(intact.org.id, ["audit.chain_broken"]);
    const db = getDb();

    /** Alters the organization's entry at `index` (in chain order), as someone editing the database would. */
    const alter = async (index: number, actorLabel: string) => {
      const entry = await db.auditEntry.findFirstOrThrow({
        where: { organizationId: broken.org.id },
        orderBy: { seq: "asc" },
        skip: index,
      });
      await db.auditEntry.update({ where: { id: entry.id }, data: { actorLabel } });
      return entry;
    };

    expect(await checkChainsForWebhooks()).toEqual({ checked: 2, broken: 0, sent: 0 });
    const target = await alter(9, "someone else");

    expect(await checkChainsForWebhooks()).toEqual({ checked: 2, broken: 1, sent: 1 });
    // The next hours find the same break: nothing more is sent.
    expect(await checkChainsForWebhooks()).toEqual({ checked: 2, broken: 1, sent: 0 });
    const events = await db.webhookEvent.findMany({ where: { type: "audit.chain_broken" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: broken.org.id,
      payload: { problem: { seq: target.seq, entryId: target.id, kind: "altered" } },
    });
    const deliveries = await db.webhookDelivery.findMany({ where: { eventId: events[0]?.id } });
    expect(deliveries.map((d) => d.endpointId)).toEqual([hook.id]);
    expect(deliveries.map((d) => d.endpointId)).not.toContain(other.id);

    // A second, different break is a new event.
    await alter(4, "another one");
    expect(await checkChainsForWebhooks()).toEqual({ checked: 2, broken: 1, sent: 1 });
  });
});
