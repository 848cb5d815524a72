import { describe, expect, it } from "vitest";
import { revokeKeyAction, rollKeyAction, updateKeyAction } from "@/lib/keys/actions";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { createKey } from "@/lib/keys/create";
import { revokeKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import { createKeySchema } from "@/lib/keys/schemas";
import { decideCode } from "@/lib/verify/decide";
import { createKeyLoader } from "@/lib/verify/load";
import { useTestDatabase } from "../support/db";
import { createKeyAs, type Enrolled, useKeysWorld } from "../support/key-lifecycle";
import { freshTotpCode, signInAs } from "../support/fixtures";
import { testRequest } from "../support/state";

// Races between requests for the same key, on the real database (SQLite serializes write
// transactions; PostgreSQL runs them at once under row locks). Step-up codes come from two
// different admins, so the race is decided by the key's version, not by TOTP replay protection.

useTestDatabase();

describe("key lifecycle under concurrency", () => {
  const w = useKeysWorld("Acme");

  function ctxOf(who: Enrolled): Ctx {
    return {
      actor: { type: "user", id: who.user.id, label: who.user.email },
      organizationId: w.org.id,
      meta: { ip: null, userAgent: null },
    };
  }

  it("two rolls with the same expected version: exactly one wins and exactly one new secret exists", async () => {
    for (let round = 0; round < 3; round++) {
      const { key } = await createKeyAs(w.admin, { organizationId: w.org.id, label: `race-${round}` });
      const codes = {
        admin: await freshTotpCode(w.admin.user, w.admin.totp),
        owner: await freshTotpCode(w.owner.user, w.owner.totp),
      };
      const sessions = { admin: await signInAs(w.admin.user), owner: await signInAs(w.owner.user) };
      const results = await Promise.all([
        withSession(sessions.admin, () =>
          rollKeyAction({ keyId: key.id, expectedVersion: 1, grace: "1h", totpCode: codes.admin }),
        ),
        withSession(sessions.owner, () =>
          rollKeyAction({ keyId: key.id, expectedVersion: 1, grace: "1h", totpCode: codes.owner }),
        ),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ code: "CONFLICT" })]);
      const secrets = await getDb().keySecret.findMany({ where: { keyId: key.id } });
      expect(secrets.map((s) => s.slot).sort()).toEqual(["primary", "rolled"]);
      expect((await getDb().apiKey.findUnique({ where: { id: key.id } }))?.version).toBe(2);
      expect(await getDb().auditEntry.count({ where: { targetId: key.id, action: "key.rolled" } })).toBe(1);
    }
  });

  it("a revoke racing a roll never leaves a working secret on a revoked key", async () => {
    for (let round = 0; round < 4; round++) {
      const { key } = await createKeyAs(w.admin, {
        organizationId: w.org.id,
        label: `revoke-race-${round}`,
        withSecondary: true,
      });
      const codes = {
        admin: await freshTotpCode(w.admin.user, w.admin.totp),
        owner: await freshTotpCode(w.owner.user, w.owner.totp),
      };
      const sessions = { admin: await signInAs(w.admin.user), owner: await signInAs(w.owner.user) };
      const roll = () =>
        rollKeyAction({ keyId: key.id, expectedVersion: 1, grace: "7d", totpCode: codes.admin });
      const revoke = () => revokeKeyAction({ keyId: key.id, confirmLabel: key.label, totpCode: codes.owner });
      // Alternate which request starts first.
      const [rolled, revoked] =
        round % 2 === 0
          ? await Promise.all([withSession(sessions.admin, roll), withSession(sessions.owner, revoke)])
          : await Promise.all([withSession(sessions.owner, revoke), withSession(sessions.admin, roll)]).then(
              ([a, b]) => [b, a] as const,
            );
      expect(revoked.ok).toBe(true);
      if (!rolled.ok) expect(rolled.code).toBe("CONFLICT");
      expect((await getDb().apiKey.findUnique({ where: { id: key.id } }))?.state).toBe("revoked");
      await expectNothingVerifies(key.id);
    }
  });

  it("the cores alone: concurrent roll and revoke transactions leave no secret that verifies", async () => {
    const { key } = await createKeyAs(w.admin, { organizationId: w.org.id, label: "core-race" });
    const rolls = Array.from({ length: 3 }, () =>
      transact((tx) => rollKey(ctxOf(w.admin), { keyId: key.id, expectedVersion: 1, grace: "24h" }, tx)).then(
        () => "rolled",
        (error: unknown) => (error instanceof Error ? error.message : "failed"),
      ),
    );
    const revoke = transact((tx) =>
      revokeKey(ctxOf(w.owner), { keyId: key.id, confirmLabel: "core-race" }, tx),
    );
    const outcomes = await Promise.all([...rolls, revoke.then(() => "revoked")]);
    expect(outcomes.filter((o) => o === "rolled").length).toBeLessThanOrEqual(1);
    expect(outcomes).toContain("revoked");
    await expectNothingVerifies(key.id);
  });

  it("two edits from the same stale form: one wins, the other is told to reload", async () => {
    const { key } = await createKeyAs(w.admin, { organizationId: w.org.id, label: "edit-race" });
    const sessions = { admin: await signInAs(w.admin.user), owner: await signInAs(w.owner.user) };
    const results = await Promise.all([
      withSession(sessions.admin, () =>
        updateKeyAction({ keyId: key.id, expectedVersion: 1, label: "by-admin" }),
      ),
      withSession(sessions.owner, () =>
        updateKeyAction({ keyId: key.id, expectedVersion: 1, label: "by-owner" }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      code: "CONFLICT",
      message: "This key was changed by someone else. Reload and try again.",
    });
  });

  it("creates keys in parallel in one organization without deadlocks", async () => {
    const input = (i: number) =>
      createKeySchema.parse({ organizationId: w.org.id, label: `parallel-${i}`, permissions: ["nodes:add"] });
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) => transact((tx) => createKey(ctxOf(w.admin), input(i), tx))),
    );
    expect(new Set(created.map((c) => c.key.id)).size).toBe(6);
    const seqs = (
      await getDb().auditEntry.findMany({
        where: { organizationId: w.org.id },
        select: { seq: true },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});

/**
 * The tests' request context is one mutable object; each action reads the session id once, at
 * its start (before its first await), so setting it right before the call binds that call.
 */
function withSession<T>(sessionId: string, run: () => Promise<T>): Promise<T> {
  testRequest.sid = sessionId;
  return run();
}

/**
 * Every secret row the key has left (a roll that won the race adds one) is answered REVOKED by
 * the verify path's own loader and decision, and none can be shown again.
 */
async function expectNothingVerifies(keyId: string): Promise<void> {
  const rows = await getDb().keySecret.findMany({ where: { keyId }, select: { hash: true, valueEnc: true } });
  expect(rows.length).toBeGreaterThan(0);
  const load = createKeyLoader(getDb);
  for (const row of rows) {
    expect(row.valueEnc).toBeNull();
    const entry = await load(row.hash);
    expect(decideCode({}, entry, Date.now())).toBe("REVOKED");
  }
}
