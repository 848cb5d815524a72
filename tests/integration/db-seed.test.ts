import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { checkAuditChain } from "@/lib/audit/chain-check";
import type { Db } from "@/lib/db";
import { isExpired, isExpiringSoon } from "@/lib/keys/policy";
import { runScript } from "../support/api-server";
import { useTestDatabase } from "../support/db";

// `npm run db:seed` on this file's own database (SQLite, and PostgreSQL with TEST_DATABASE_URL):
// the demo organization made by the console's cores, with keys in every state and an audit chain
// that verifies; a second run finds it and changes nothing.

const database = useTestDatabase();
// Two runs of a script under tsx, each compiling its imports: slow on a busy machine.
const SLOW = 400_000;

/** Everything the seed writes, counted, so that a second run can be shown to change nothing. */
async function census(db: Db) {
  const now = new Date();
  const [users, organizations, systems, permissions, keys, secrets, audit, last] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.system.count(),
    db.permission.count(),
    db.apiKey.findMany({
      select: {
        state: true,
        systemId: true,
        expiresAt: true,
        allowedCidrs: true,
        version: true,
        _count: { select: { systemLimits: true } },
      },
    }),
    db.keySecret.findMany({ select: { slot: true, graceEndsAt: true } }),
    db.auditEntry.findMany({ select: { action: true, actorType: true }, orderBy: { seq: "asc" } }),
    db.apiKey.aggregate({ _max: { updatedAt: true } }),
  ]);
  const count = <T>(list: T[], test: (item: T) => boolean) => list.filter(test).length;
  return {
    users,
    organizations,
    systems,
    permissions,
    keys: keys.length,
    states: {
      active: count(keys, (k) => k.state === "active"),
      disabled: count(keys, (k) => k.state === "disabled"),
      revoked: count(keys, (k) => k.state === "revoked"),
      expired: count(keys, (k) => isExpired(k.expiresAt, now)),
      expiringSoon: count(keys, (k) => isExpiringSoon(k.expiresAt, now)),
    },
    organizationKeys: count(keys, (k) => k.systemId === null),
    withRanges: count(keys, (k) => JSON.stringify(k.allowedCidrs) !== "[]"),
    limited: count(keys, (k) => k._count.systemLimits > 0),
    secondaries: count(secrets, (s) => s.slot === "secondary"),
    inGrace: count(secrets, (s) => s.slot === "rolled" && s.graceEndsAt !== null && s.graceEndsAt > now),
    versions: keys.reduce((sum, k) => sum + k.version, 0),
    lastKeyChange: last._max.updatedAt?.toISOString(),
    audit,
  };
}

describe("npm run db:seed", () => {
  it(
    "seeds Acme Robotics through the cores, and a second run changes nothing",
    async () => {
      const { url, db } = database.current();
      const first = await runScript("scripts/db-seed.ts", [], { DATABASE_URL: url });
      // stderr is not asserted empty: on PostgreSQL, pg prints a deprecation warning for Prisma's
      // own pipelined queries in a transaction.
      expect(first.stderr).not.toContain("db:seed:");
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(
        "Seeded “Acme Robotics” (acme-robotics): 4 systems, 12 keys, 29 audit entries.",
      );
      expect(first.stdout).toContain("Owner: owner@acme-robotics.example");
      const password = /^Password: (\S+) {2}\(shown this once\)$/m.exec(first.stdout)?.[1] ?? "";

      const org = await db.organization.findUniqueOrThrow({ where: { slug: "acme-robotics" } });
      expect(org.name).toBe("Acme Robotics");
      const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@acme-robotics.example" } });
      expect(await verifyPassword(password, owner.passwordHash ?? "")).toBe(true);
      expect(await db.membership.findMany({ select: { userId: true, role: true } })).toEqual([
        { userId: owner.id, role: "owner" },
      ]);

      const seeded = await census(db);
      expect(seeded).toMatchObject({
        users: 1,
        organizations: 1,
        systems: 4,
        permissions: 8, // keys:manage is built in
        keys: 12,
        states: { active: 9, disabled: 1, revoked: 2, expired: 1, expiringSoon: 2 },
        organizationKeys: 4,
        withRanges: 4,
        limited: 3,
        secondaries: 2,
        inGrace: 1,
      });
      const actions = seeded.audit.map((entry) => entry.action);
      expect(actions[0]).toBe("organization.created");
      expect(actions.filter((a) => a === "key.created")).toHaveLength(12);
      for (const action of ["key.rolled", "key.disabled", "key.updated"]) expect(actions).toContain(action);
      expect(actions.filter((a) => a === "key.revoked")).toHaveLength(2);
      expect(new Set(seeded.audit.map((entry) => entry.actorType))).toEqual(new Set(["operator"]));
      expect(await checkAuditChain(org.id, { db })).toMatchObject({ ok: true, count: 29 });

      const second = await runScript("scripts/db-seed.ts", [], { DATABASE_URL: url });
      expect(second.code).toBe(0);
      expect(second.stdout.trim()).toBe(
        "“Acme Robotics” (acme-robotics) is already seeded: nothing changed.",
      );
      expect(await census(db)).toEqual(seeded);
      expect(await checkAuditChain(org.id, { db })).toMatchObject({ ok: true, count: 29 });
    },
    SLOW,
  );
});
