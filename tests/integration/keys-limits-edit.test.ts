import { beforeAll, describe, expect, it } from "vitest";
import { topUpCreditsAction, updateKeyAction } from "@/lib/keys/actions";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { actAs, createKeyAs, useKeysWorld, withAudit } from "../support/key-lifecycle";

// The console's edit form and "Top up" for a key's rate limits, credits and metadata (README,
// "Rate limits, credits and metadata"): the actions take what the forms hold (text, lists of
// rows, JSON text), check roles and the organization, and write one audit entry per change.

useTestDatabase();

const NO_REFILL = { interval: "", amount: "", day: "" } as const;

function keyRow(id: string) {
  return getDb().apiKey.findUniqueOrThrow({ where: { id } });
}

describe("editing a key's limits, credits and metadata from the console", () => {
  const w = useKeysWorld("Acme");
  const other = useKeysWorld("Globex");
  let key: { id: string; label: string; version: number };

  beforeAll(async () => {
    key = (await createKeyAs(w.admin, { organizationId: w.org.id, label: "customer-acme" })).key;
  });

  it("adds a rate limit, credits with a monthly refill, metadata and an external id in one audited change", async () => {
    await actAs(w.admin);
    const { result, entries } = await withAudit(w.org.id, () =>
      updateKeyAction({
        keyId: key.id,
        expectedVersion: key.version,
        ratelimits: [
          { name: "requests", limit: "100", durationMs: "60000", autoApply: true },
          { name: "burst", limit: "10", durationMs: "1000", autoApply: false },
        ],
        credits: { remaining: "1000", refill: { interval: "monthly", amount: "1000", day: "15" } },
        meta: '{"plan":"pro","seats":3}',
        externalId: "cus_123",
      }),
    );
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.data.key).toMatchObject({
      ratelimits: [
        { name: "burst", limit: 10, durationMs: 1000, autoApply: false },
        { name: "requests", limit: 100, durationMs: 60_000, autoApply: true },
      ],
      credits: { remaining: 1000, refill: { interval: "monthly", amount: 1000, day: 15 } },
      meta: { plan: "pro", seats: 3 },
      externalId: "cus_123",
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "key.updated", targetId: key.id, actorId: w.admin.user.id });
    const changes = entries[0]?.changes as Record<string, { before: unknown; after: unknown }>;
    expect(Object.keys(changes).sort()).toEqual(["credits", "externalId", "meta", "ratelimits"]);
    expect(changes.credits).toEqual({
      before: null,
      after: { remaining: 1000, refill: { interval: "monthly", amount: 1000, day: 15 } },
    });
    expect(changes.meta).toEqual({ before: null, after: { plan: "pro", seats: 3 } });
    key = result.data.key;
  });

  it("tops up the balance as it is now, audited with the amount", async () => {
    // A verification spent some credits since the page was loaded.
    await getDb().apiKey.update({ where: { id: key.id }, data: { creditsRemaining: 990 } });
    await actAs(w.admin);
    const { result, entries } = await withAudit(w.org.id, () =>
      topUpCreditsAction({ keyId: key.id, amount: "25" }),
    );
    expect(result).toMatchObject({ ok: true, data: { key: { credits: { remaining: 1015 } } } });
    expect((await keyRow(key.id)).creditsRemaining).toBe(1015);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "key.credits_topped_up",
      targetId: key.id,
      changes: { creditsRemaining: { before: 990, after: 1015 } },
      metadata: { amount: 25 },
    });
  });

  it("refuses a top-up that is not a whole number of credits, beside the field", async () => {
    await actAs(w.admin);
    for (const amount of ["0", "ten", "-5", "1.5"]) {
      const { result, entries } = await withAudit(w.org.id, () =>
        topUpCreditsAction({ keyId: key.id, amount }),
      );
      expect(result).toMatchObject({
        ok: false,
        code: "VALIDATION_FAILED",
        fieldErrors: { amount: expect.any(String) },
      });
      expect(entries).toHaveLength(0);
    }
    expect((await keyRow(key.id)).creditsRemaining).toBe(1015);
  });

  it("refuses metadata over 4 KB with a field error and changes nothing", async () => {
    const before = await keyRow(key.id);
    await actAs(w.admin);
    const { result, entries } = await withAudit(w.org.id, () =>
      updateKeyAction({
        keyId: key.id,
        expectedVersion: before.version,
        label: "renamed-too",
        meta: JSON.stringify({ blob: "x".repeat(4100) }),
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: { meta: "Metadata is at most 4096 bytes of JSON." },
    });
    expect(entries).toHaveLength(0);
    expect(await keyRow(key.id)).toEqual(before);
  });

  it("refuses a member without key permissions, for an edit and a top-up, and changes nothing", async () => {
    const before = await keyRow(key.id);
    for (const who of [w.member, w.auditor]) {
      await actAs(who);
      const edit = await updateKeyAction({
        keyId: key.id,
        expectedVersion: before.version,
        credits: { remaining: "999999", refill: NO_REFILL },
        meta: '{"plan":"free"}',
      });
      expect(edit).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await topUpCreditsAction({ keyId: key.id, amount: "1000" })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
      });
    }
    expect(await keyRow(key.id)).toEqual(before);
  });

  it("answers not found to another organization's admin, for an edit and a top-up", async () => {
    const before = await keyRow(key.id);
    await actAs(other.owner);
    const { entries: ours } = await withAudit(w.org.id, async () => {
      const edit = await updateKeyAction({
        keyId: key.id,
        expectedVersion: before.version,
        ratelimits: [],
        credits: { remaining: "", refill: NO_REFILL },
      });
      expect(edit).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await topUpCreditsAction({ keyId: key.id, amount: "1000" })).toMatchObject({
        ok: false,
        code: "NOT_FOUND",
      });
    });
    expect(ours).toHaveLength(0);
    expect(await keyRow(key.id)).toEqual(before);
  });

  it("removes the limits and stops metering when the rows and the balance are cleared", async () => {
    const before = await keyRow(key.id);
    await actAs(w.admin);
    const result = await updateKeyAction({
      keyId: key.id,
      expectedVersion: before.version,
      ratelimits: [],
      credits: { remaining: "", refill: NO_REFILL },
      meta: "",
      externalId: "",
    });
    expect(result).toMatchObject({
      ok: true,
      data: { key: { ratelimits: [], credits: null, meta: null, externalId: null } },
    });
    expect(await keyRow(key.id)).toMatchObject({
      creditsRemaining: null,
      creditsRefill: null,
      externalId: null,
    });
    const top = await topUpCreditsAction({ keyId: key.id, amount: "5" });
    expect(top).toMatchObject({ ok: false, code: "CONFLICT" });
  });
});
