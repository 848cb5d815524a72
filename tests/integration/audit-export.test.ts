import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { checkAuditChainAction } from "@/lib/audit/actions";
import { GET } from "@/app/(console)/orgs/[orgSlug]/audit/export/route";
import { createSystemAction } from "@/lib/systems/actions";
import { AUDIT_CSV_COLUMNS } from "@/lib/audit/csv";
import { computeEntryHash, GENESIS_HASH } from "@/lib/audit/chain";
import { getDb } from "@/lib/db";
import { expectOneAuditEntry } from "../support/audit";
import { parseCsv } from "../support/csv";
import { useTestDatabase } from "../support/db";
import { addMember, createOrgWithOwner, createUser, signInAs, signOutOfTests } from "../support/fixtures";

// The export route checks the session, the membership and "audit:export" itself; the verify
// action goes through the action wrapper with "audit:read".

useTestDatabase();

type World = { org: { id: string; slug: string }; owner: { id: string; email: string } };
let world: World;
let otherOrg: { id: string; slug: string };

beforeAll(async () => {
  const a = await createOrgWithOwner("Acme Export");
  world = { org: a.org, owner: a.owner };
  otherOrg = (await createOrgWithOwner("Globex Export")).org;
  // An actor whose label a spreadsheet would run as a formula.
  const hostile = await createUser({ email: "=HYPERLINK(evil)@example.test" });
  await getDb().membership.create({
    data: { organizationId: world.org.id, userId: hostile.id, role: "admin" },
  });
  await signInAs(hostile);
  await createSystemAction({
    organizationId: world.org.id,
    name: "Payments",
    // Descriptions refuse control characters (lib/plain-text.ts); quotes, commas and a formula remain.
    description: 'say "hi", then =SUM(1)',
  });
  await signInAs(world.owner);
  await createSystemAction({ organizationId: world.org.id, name: "Search", description: "" });
});

async function download(slug: string, search = "") {
  return GET(new NextRequest(`http://localhost/orgs/${slug}/audit/export?${search}`), {
    params: Promise.resolve({ orgSlug: slug }),
  });
}

describe("audit export", () => {
  it("streams the whole log as CSV to the owner, with safe cells, and records the export", async () => {
    await signInAs(world.owner);
    const { result: response } = await expectOneAuditEntry("audit.exported", () => download(world.org.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="keyplane-audit-acme-export-\d{8}-\d{4}Z\.csv"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes));
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    const count = await getDb().auditEntry.count({ where: { organizationId: world.org.id } });
    expect(rows).toHaveLength(count);
    const column = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => AUDIT_CSV_COLUMNS.indexOf(name);
    expect(rows.map((r) => r[column("seq")])).toEqual(Array.from({ length: count }, (_, i) => String(i + 1)));
    const payments = rows.find((r) => r[column("target_label")] === "Payments");
    expect(payments?.[column("actor_label")]).toBe("'=HYPERLINK(evil)@example.test");
    expect(JSON.parse(payments?.[column("changes")] ?? "null")).toMatchObject({
      description: { after: 'say "hi", then =SUM(1)' },
    });
    expect(rows.at(-1)?.[column("action")]).toBe("audit.exported");
  });

  it("exports only what the filter matches", async () => {
    await signInAs(world.owner);
    const response = await download(world.org.slug, "format=csv&action=system.created&q=search");
    const [, ...rows] = parseCsv(await response.text());
    expect(rows.map((r) => r[AUDIT_CSV_COLUMNS.indexOf("target_label")])).toEqual(["Search"]);
    const recorded = await getDb().auditEntry.findFirstOrThrow({
      where: { organizationId: world.org.id, action: "audit.exported" },
      orderBy: { seq: "desc" },
    });
    expect(recorded.metadata).toEqual({ format: "csv", filter: { action: "system.created", q: "search" } });
  });

  it("exports JSON Lines that can be re-verified outside Keyplane", async () => {
    await signInAs(world.owner);
    const response = await download(world.org.slug, "format=jsonl");
    expect(response.headers.get("content-type")).toBe("application/jsonl; charset=utf-8");
    const lines = (await response.text()).split("\n");
    expect(lines.pop()).toBe("");
    let prevHash = GENESIS_HASH;
    for (const line of lines) {
      const entry = JSON.parse(line) as Parameters<typeof computeEntryHash>[0] & {
        hash: string;
        createdAt: string;
      };
      expect(entry.organizationId).toBe(world.org.id);
      expect(entry.prevHash).toBe(prevHash);
      expect(computeEntryHash({ ...entry, createdAt: new Date(entry.createdAt) })).toBe(entry.hash);
      prevHash = entry.hash;
    }
  });

  it("lets an auditor export", async () => {
    await signInAs(await addMember(world.org.id, "auditor"));
    expect((await download(world.org.slug, "format=jsonl")).status).toBe(200);
  });

  it("refuses a member with 403 and records the refusal", async () => {
    await signInAs(await addMember(world.org.id, "member"));
    const { result: response, entry } = await expectOneAuditEntry("authorization.denied", () =>
      download(world.org.slug),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "FORBIDDEN", message: "Your role does not allow exporting the audit log." },
    });
    expect(entry).toMatchObject({ targetLabel: "audit.export", outcome: "denied" });
  });

  it("answers 404 to a non-member and for an unknown organization, and 401 without a session", async () => {
    await signInAs(world.owner);
    expect((await download(otherOrg.slug)).status).toBe(404);
    expect((await download("no-such-org")).status).toBe(404);
    signOutOfTests();
    expect((await download(world.org.slug)).status).toBe(401);
  });
});

describe("verify chain action", () => {
  it("lets an auditor verify the chain and returns its head", async () => {
    await signInAs(await addMember(world.org.id, "auditor"));
    const result = await checkAuditChainAction({ organizationId: world.org.id });
    const head = await getDb().auditEntry.findFirstOrThrow({
      where: { organizationId: world.org.id },
      orderBy: { seq: "desc" },
    });
    expect(result).toEqual({
      ok: true,
      data: {
        ok: true,
        count: head.seq,
        head: { seq: head.seq, hash: head.hash, createdAt: head.createdAt },
      },
    });
  });

  it("refuses a member, and a non-member cannot name another organization", async () => {
    await signInAs(await addMember(world.org.id, "member"));
    expect(await checkAuditChainAction({ organizationId: world.org.id })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    await signInAs(world.owner);
    expect(await checkAuditChainAction({ organizationId: otherOrg.id })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });

  it("names the first bad entry of a tampered chain", async () => {
    const org = await createOrgWithOwner("Tampered");
    await signInAs(org.owner);
    await createSystemAction({ organizationId: org.org.id, name: "Ledger", description: "" });
    const target = await getDb().auditEntry.findFirstOrThrow({
      where: { organizationId: org.org.id, action: "system.created" },
    });
    await getDb().auditEntry.update({ where: { id: target.id }, data: { targetLabel: "Not the ledger" } });
    expect(await checkAuditChainAction({ organizationId: org.org.id })).toMatchObject({
      ok: true,
      data: {
        ok: false,
        checked: target.seq - 1,
        problem: { seq: target.seq, entryId: target.id, kind: "altered" },
      },
    });
  });
});
