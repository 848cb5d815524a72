import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { hashSecret } from "@/lib/keys/hash";
import { createKeyLoader } from "@/lib/verify/load";
import { createSqliteFileLoader, type ClosableKeyLoader } from "@/lib/verify/load-sqlite";
import type { KeyEntry } from "@/lib/verify/types";
import { testProvider, useTestDatabase } from "../support/db";
import { createOrgWithOwner, createSystemRow } from "../support/fixtures";
import { addSecretRow, createKeyRow } from "../support/keys";

// The two ways a cache miss reads a key: Prisma's raw query (PostgreSQL, and the fallback) and,
// on SQLite, a read-only connection of its own with one prepared statement. They must compile
// the same entry for every kind of key, and the direct reader must see committed changes at once.

const database = useTestDatabase();

/** What an entry decides with, without its functions and memoized answers. */
function comparable(entry: KeyEntry | null) {
  if (entry === null) return null;
  const { ipAllowed, responses, permissions, systemLimits, ...rest } = entry;
  void responses;
  return {
    ...rest,
    permissions: [...permissions].sort(),
    systemLimits: [...systemLimits].sort(),
    ip: ["10.1.2.3", "192.0.2.7", "2001:db8::1", undefined].map((ip) => ipAllowed(ip)),
  };
}

describe.skipIf(testProvider() !== "sqlite")("the SQLite file loader", () => {
  const prisma = createKeyLoader(getDb);
  let direct: ClosableKeyLoader;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    direct = createSqliteFileLoader(database.current().url.slice("file:".length), prisma);
    const { org } = await createOrgWithOwner("Loaders");
    const payments = await createSystemRow(org.id, "Payments");
    const billing = await createSystemRow(org.id, "Billing");
    const base = { organizationId: org.id };
    secrets.plain = (await createKeyRow(base)).secret;
    secrets.system = (
      await createKeyRow({ ...base, systemId: payments.id, permissions: ["nodes:add", "metrics:read"] })
    ).secret;
    secrets.limited = (
      await createKeyRow({ ...base, systemLimits: [payments.id, billing.id], allowedCidrs: ["10.0.0.0/8"] })
    ).secret;
    secrets.disabled = (await createKeyRow({ ...base, state: "disabled" })).secret;
    const { key } = await createKeyRow({ ...base, allowedCidrs: ["2001:db8::/32"] });
    secrets.rolled = "Rolled-Secret-2026!";
    await addSecretRow(key, {
      slot: "rolled",
      secret: secrets.rolled,
      graceEndsAt: new Date(Date.now() + 3_600_000),
    });
  });

  afterAll(() => direct?.close());

  it("compiles the same entry as the Prisma loader for every kind of key, and null for an unknown one", async () => {
    for (const [name, secret] of Object.entries(secrets)) {
      const hash = hashSecret(secret);
      const fromDirect = comparable(await direct(hash));
      expect(fromDirect, name).not.toBeNull();
      expect(fromDirect, name).toEqual(comparable(await prisma(hash)));
    }
    expect(await direct(hashSecret("kp_unknown"))).toBeNull();
  });

  it("sees a committed change on its next read", async () => {
    const hash = hashSecret(secrets.plain!);
    const before = await direct(hash);
    await getDb().apiKey.update({ where: { id: before!.keyId }, data: { state: "revoked", version: 2 } });
    expect(await direct(hash)).toMatchObject({ state: "revoked", version: 2 });
  });

  it("falls back to the Prisma loader when it cannot open the file, and says so once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const missing = createSqliteFileLoader("/nonexistent/keyplane.db", prisma);
    const hash = hashSecret(secrets.system!);
    expect(comparable(await missing(hash))).toEqual(comparable(await prisma(hash)));
    expect(await missing(hashSecret("kp_unknown"))).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/\/nonexistent\/keyplane\.db .*using Prisma/);
    warn.mockRestore();
    missing.close();
  });
});
