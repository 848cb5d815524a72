import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashSecret } from "@/lib/keys/hash";
import { keyListParamsSchema } from "@/lib/keys/list-params";
import { getKeyDetails, listKeys } from "@/lib/keys/queries";
import { getOrgOverview } from "@/lib/orgs/overview";
import { DAY_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import { createKeyAs, useKeysWorld } from "../support/key-lifecycle";

useTestDatabase();

describe("key queries", () => {
  const w = useKeysWorld("Acme");
  const other = useKeysWorld("Globex");
  const secrets: string[] = [];

  beforeAll(async () => {
    const make = async (label: string, extra: Record<string, unknown> = {}) => {
      const created = await createKeyAs(w.admin, { organizationId: w.org.id, label, ...extra });
      secrets.push(created.secrets.primary ?? "", created.secrets.secondary ?? "");
      return created.key;
    };
    await make("Alpha gateway", { permissions: ["nodes:add"], withSecondary: true, expiry: "100" });
    await make("beta runner", { expiry: "5", description: "nightly GATEWAY checks" });
    const disabled = await make("gamma", { expiry: "200" });
    await getDb().apiKey.update({ where: { id: disabled.id }, data: { state: "disabled" } });
    const revoked = await make("delta", { expiry: "300" });
    await getDb().apiKey.update({ where: { id: revoked.id }, data: { state: "revoked" } });
    const expired = await make("epsilon", { expiry: "50" });
    await getDb().apiKey.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - DAY_MS), lastUsedAt: new Date(Date.now() - 2 * DAY_MS) },
    });
    await make("system key", { systemId: w.system.id });
    await createKeyAs(other.admin, { organizationId: other.org.id, label: "Alpha elsewhere" });
  });

  const labels = (page: { rows: { label: string }[] }) => page.rows.map((r) => r.label);
  /** One page of an organization's own keys (the organization scope). */
  const orgKeys = (organizationId: string, params: Omit<Parameters<typeof listKeys>[1], "scope">) =>
    listKeys(organizationId, { scope: { type: "organization" }, ...params });

  it("lists one scope of one organization, sorted and paged in the database", async () => {
    const all = await orgKeys(w.org.id, { sort: "label", dir: "asc" });
    expect(labels(all)).toEqual(
      ["Alpha gateway", "beta runner", "delta", "epsilon", "gamma"].sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(all).toMatchObject({ total: 5, pageCount: 1, page: 1, perPage: 25 });
    const system = await listKeys(w.org.id, { scope: { type: "system", systemId: w.system.id } });
    expect(system.rows).toMatchObject([
      { label: "system key", scope: { type: "system", systemId: w.system.id, systemName: w.system.name } },
    ]);
    expect(await listKeys(other.org.id, { scope: { type: "system", systemId: w.system.id } })).toMatchObject({
      total: 0,
      rows: [],
    });

    const byExpiry = await orgKeys(w.org.id, {
      sort: "expiresAt",
      dir: "asc",
      perPage: 10,
      page: 1,
    });
    expect(labels(byExpiry)).toEqual(["epsilon", "beta runner", "Alpha gateway", "gamma", "delta"]);
    const lastUsed = await orgKeys(w.org.id, {
      sort: "lastUsedAt",
      dir: "desc",
    });
    expect(labels(lastUsed)[0]).toBe("epsilon");
  });

  it("searches label and description ignoring case, and filters by derived state", async () => {
    const scope = { type: "organization" } as const;
    expect(labels(await listKeys(w.org.id, { scope, q: "GATEWAY", sort: "label", dir: "asc" }))).toEqual([
      "Alpha gateway",
      "beta runner",
    ]);
    const states = async (...list: ("active" | "disabled" | "revoked" | "expired" | "expiring")[]) =>
      labels(await listKeys(w.org.id, { scope, states: list, sort: "label", dir: "asc" }));
    expect(await states("active")).toEqual(["Alpha gateway", "beta runner"]);
    expect(await states("expiring")).toEqual(["beta runner"]);
    expect(await states("disabled")).toEqual(["gamma"]);
    expect(await states("revoked")).toEqual(["delta"]);
    expect(await states("expired")).toEqual(["epsilon"]);
    expect(await states("revoked", "expired")).toEqual(["delta", "epsilon"]);
  });

  it("gives each row what the table shows, and never a secret or hash", async () => {
    const page = await orgKeys(w.org.id, { sort: "label", dir: "asc" });
    const alpha = page.rows.find((r) => r.label === "Alpha gateway");
    expect(alpha).toMatchObject({
      hint: expect.stringMatching(/^kp_…/),
      permissions: ["nodes:add"],
      status: "active",
      hasSecondary: true,
      createdBy: { type: "user", email: w.admin.user.email },
      version: 1,
      scope: { type: "organization" },
    });
    expect(page.rows.find((r) => r.label === "beta runner")).toMatchObject({ expiringSoon: true });
    expect(page.rows.find((r) => r.label === "epsilon")).toMatchObject({
      status: "expired",
      expired: true,
      expiringSoon: false,
    });
    const text = JSON.stringify(page);
    for (const secret of secrets.filter(Boolean)) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(hashSecret(secret));
    }
  });

  it("returns a key's details with secret summaries and its last 20 audit entries, for its own organization only", async () => {
    const [alpha] = (await orgKeys(w.org.id, { q: "Alpha" })).rows;
    if (!alpha) throw new Error("missing key");
    const details = await getKeyDetails(w.org.id, alpha.id);
    expect(details).toMatchObject({
      label: "Alpha gateway",
      hasSecondary: true,
      audit: [{ action: "key.created" }],
    });
    expect(details?.secrets.map((s) => Object.keys(s).sort())).toEqual([
      ["createdAt", "graceEndsAt", "hint", "id", "retrievable", "slot"],
      ["createdAt", "graceEndsAt", "hint", "id", "retrievable", "slot"],
    ]);
    expect(JSON.stringify(details)).not.toMatch(/valueEnc|"hash"/);
    expect(await getKeyDetails(other.org.id, alpha.id)).toBeNull();
  });

  it("parses URL parameters leniently", () => {
    expect(keyListParamsSchema.parse({})).toEqual({
      q: "",
      state: [],
      sort: "createdAt",
      dir: "desc",
      page: 1,
      perPage: 25,
    });
    expect(
      keyListParamsSchema.parse({
        q: " x ",
        state: "revoked,bogus,expired",
        sort: "nope",
        dir: "asc",
        page: "3",
        perPage: "50",
      }),
    ).toEqual({
      q: "x",
      state: ["revoked", "expired"],
      sort: "createdAt",
      dir: "asc",
      page: 3,
      perPage: 50,
    });
    expect(keyListParamsSchema.parse({ page: "-1", perPage: "7" })).toMatchObject({ page: 1, perPage: 25 });
    expect(keyListParamsSchema.parse({ expiresWithin: "7" })).toMatchObject({ expiresWithin: 7 });
    for (const bad of ["0", "-3", "1.5", "soon", "3651", ""]) {
      expect(keyListParamsSchema.parse({ expiresWithin: bad }).expiresWithin, bad).toBeUndefined();
    }
  });

  it("filters active keys that expire within N days", async () => {
    const within = async (days: number) =>
      labels(
        await orgKeys(w.org.id, {
          expiresWithin: days,
          sort: "label",
          dir: "asc",
        }),
      );
    expect(await within(4)).toEqual([]);
    expect(await within(5)).toEqual(["beta runner"]);
    // gamma (200 days) is disabled and delta (300) revoked: only active keys are about to expire.
    expect(await within(365)).toEqual(["Alpha gateway", "beta runner"]);
    const both = await orgKeys(w.org.id, {
      expiresWithin: 365,
      states: ["expiring"],
    });
    expect(labels(both)).toEqual(["beta runner"]);
  });

  it("flags 'expiring soon' at the policy's earliest expiry warning, everywhere", async () => {
    const db = getDb();
    const scope = { type: "organization" } as const;
    const alpha = (await listKeys(w.org.id, { scope, q: "Alpha" })).rows[0]!;
    expect(alpha.expiringSoon).toBe(false);
    const overview = () =>
      getOrgOverview(
        w.org.id,
        { userId: w.owner.user.id, role: "owner" },
        { includeKeys: true, includeAudit: false },
      );
    const before = await overview();
    expect(before.expiring).toEqual([
      { withinDays: 14, count: 1 },
      { withinDays: 7, count: 1 },
      { withinDays: 1, count: 0 },
    ]);
    expect(before.expiringSoon.map((k) => k.label)).toEqual(["beta runner"]);

    await db.keyPolicy.upsert({
      where: { organizationId: w.org.id },
      create: { organizationId: w.org.id, expiryWarningDays: "120,3" },
      update: { expiryWarningDays: "120,3" },
    });
    try {
      expect(
        labels(await listKeys(w.org.id, { scope, states: ["expiring"], sort: "label", dir: "asc" })),
      ).toEqual(["Alpha gateway", "beta runner"]);
      expect((await listKeys(w.org.id, { scope, q: "Alpha" })).rows[0]).toMatchObject({ expiringSoon: true });
      expect(await getKeyDetails(w.org.id, alpha.id)).toMatchObject({ expiringSoon: true });
      const after = await overview();
      // Counted across organization and system keys (the system key lives 365 days by default).
      expect(after.expiring).toEqual([
        { withinDays: 120, count: 2 },
        { withinDays: 3, count: 0 },
      ]);
      expect(after.expiringSoon.map((k) => [k.label, k.system])).toEqual([
        ["beta runner", null],
        ["Alpha gateway", null],
      ]);
    } finally {
      await db.keyPolicy.deleteMany({ where: { organizationId: w.org.id } });
    }
    // Another organization's policy is its own.
    expect((await listKeys(other.org.id, { scope, states: ["expiring"] })).total).toBe(0);
  });

  // How fast these queries are is measured by `npm run bench -- keys`, not here.
  it("pages through 10,000 keys: totals, sort, filters and the last page", async () => {
    const db = getDb();
    const now = Date.now();
    const batch = (offset: number) =>
      Array.from({ length: 1000 }, (_, i) => ({
        id: `bulk${String(offset + i).padStart(5, "0")}${randomBytes(4).toString("hex")}`,
        organizationId: other.org.id,
        label: `bulk key ${String(offset + i).padStart(5, "0")}`,
        allowedCidrs: [],
        expiresAt: new Date(now + ((offset + i) % 400) * DAY_MS),
        state: (offset + i) % 10 === 0 ? "disabled" : "active",
      }));
    for (let offset = 0; offset < 10_000; offset += 1000) await db.apiKey.createMany({ data: batch(offset) });

    const first = await orgKeys(other.org.id, {
      sort: "label",
      dir: "asc",
      perPage: 50,
    });
    const filtered = await orgKeys(other.org.id, {
      states: ["expiring"],
      q: "bulk",
      sort: "expiresAt",
      dir: "asc",
      page: 3,
      perPage: 50,
    });
    const last = await orgKeys(other.org.id, {
      sort: "createdAt",
      dir: "desc",
      page: 201,
      perPage: 50,
    });

    expect(first.total).toBe(10_001);
    expect(first.pageCount).toBe(201);
    expect(first.rows[0]?.label).toBe("Alpha elsewhere");
    expect(filtered.rows.every((r) => r.expiringSoon)).toBe(true);
    expect(last.rows).toHaveLength(1);
  }, 120_000); // 10,000 rows through five indexes: slow on a shared machine, not a timing assertion
});
