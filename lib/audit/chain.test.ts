import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CHAIN_START,
  canonicalJson,
  computeEntryHash,
  explainBreak,
  findFirstBreak,
  GENESIS_HASH,
  type ChainProblem,
  type StoredEntry,
} from "./chain";

// The chain rules on an in-memory log; tests/integration/audit-chain.test.ts tampers with real
// rows on SQLite and PostgreSQL.

function makeChain(length: number): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields = {
      organizationId: "org1",
      seq,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      actorType: "user",
      actorId: "u1",
      actorLabel: "owner@example.test",
      ip: "203.0.113.7",
      userAgent: null,
      action: seq % 2 ? "system.created" : "system.updated",
      outcome: "success",
      targetType: "system",
      targetId: `s${seq}`,
      targetLabel: `System ${seq}`,
      changes: { name: { before: null, after: `System ${seq}` } },
      metadata: null,
      prevHash,
    };
    const hash = computeEntryHash(fields);
    entries.push({ ...fields, id: `e${seq}`, hash });
    prevHash = hash;
  }
  return entries;
}

/** Re-hashes an entry as a forger who knows the scheme would. */
function rehash(entry: StoredEntry): StoredEntry {
  return { ...entry, hash: computeEntryHash(entry) };
}

async function check(entries: StoredEntry[]): Promise<ChainProblem | null> {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const { broken, cursor } = findFirstBreak(sorted, CHAIN_START);
  if (!broken) return null;
  return explainBreak(broken, cursor, {
    bySeq: async (seq) => sorted.find((e) => e.seq === seq) ?? null,
    byHash: async (hash, exceptId) => sorted.find((e) => e.hash === hash && e.id !== exceptId) ?? null,
  });
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"z":1}]},"b":1}',
    );
  });

  it("writes dates as ISO text", () => {
    expect(canonicalJson(new Date("2026-01-02T03:04:05.006Z"))).toBe('"2026-01-02T03:04:05.006Z"');
  });
});

describe("computeEntryHash", () => {
  it("hashes the previous hash and the canonical JSON of the chained fields, nothing else", () => {
    const [first] = makeChain(1);
    if (!first) throw new Error("no entry");
    const { id: _id, hash: _hash, ...chained } = first;
    // A field left undefined is left out of the JSON, as canonicalJson leaves it out.
    const withoutActor = { ...first, actorId: undefined } as unknown as StoredEntry;
    const variants: (StoredEntry & { extra?: string })[] = [
      first,
      { ...withoutActor, changes: { z: [1, { b: 'ü\u2028"' }], a: null }, metadata: { n: 1.5 } },
      { ...first, targetLabel: "Ünïcødé 🔑 \n label", ip: null, extra: "not hashed" },
    ];
    for (const entry of variants) {
      const { id: _i, hash: _h, extra: _e, ...fields } = entry;
      const expected = createHash("sha256")
        .update(`${fields.prevHash}\n${canonicalJson(fields)}`)
        .digest("hex");
      expect(computeEntryHash(entry)).toBe(expected);
    }
    expect(computeEntryHash(first)).toBe(
      createHash("sha256")
        .update(`${GENESIS_HASH}\n${canonicalJson(chained)}`)
        .digest("hex"),
    );
  });
});

describe("the audit chain", () => {
  it("accepts an intact chain", async () => {
    expect(await check(makeChain(20))).toBeNull();
  });

  it.each([
    ["actorLabel", "someone-else@example.test"],
    ["action", "system.deleted"],
    ["outcome", "denied"],
    ["targetId", "s999"],
    ["ip", null],
    ["createdAt", new Date(Date.UTC(2020, 0, 1))],
    ["changes", { name: { before: null, after: "Renamed" } }],
    ["metadata", { note: "added later" }],
    ["organizationId", "org2"],
    ["hash", "f".repeat(64)],
  ] as const)("finds an entry whose %s was changed", async (field, value) => {
    const chain = makeChain(10);
    chain[4] = { ...chain[4], [field]: value } as StoredEntry;
    expect(await check(chain)).toMatchObject({ seq: 5, entryId: "e5", kind: "altered" });
  });

  it("finds an entry whose prevHash was changed", async () => {
    const chain = makeChain(10);
    chain[4] = { ...(chain[4] as StoredEntry), prevHash: "1".repeat(64) };
    expect(await check(chain)).toMatchObject({ seq: 5, entryId: "e5", kind: "altered" });
  });

  it("finds a renumbered entry", async () => {
    const chain = makeChain(10);
    chain[9] = { ...(chain[9] as StoredEntry), seq: 40 };
    expect(await check(chain)).toMatchObject({ seq: 40, entryId: "e10", kind: "altered" });
  });

  it("names the rewritten entry when it was re-hashed to look valid", async () => {
    const chain = makeChain(10);
    chain[4] = rehash({ ...(chain[4] as StoredEntry), actorLabel: "intruder@example.test" });
    const problem = await check(chain);
    expect(problem).toMatchObject({ seq: 5, entryId: "e5", kind: "altered" });
    expect(problem?.message).toMatch(/#5 was rewritten/);
  });

  it("finds a deleted entry", async () => {
    const chain = makeChain(10).filter((e) => e.seq !== 4);
    expect(await check(chain)).toMatchObject({ seq: 4, entryId: null, kind: "missing" });
  });

  it("finds several deleted entries and names the range", async () => {
    const chain = makeChain(10).filter((e) => e.seq < 4 || e.seq > 6);
    const problem = await check(chain);
    expect(problem).toMatchObject({ seq: 4, kind: "missing" });
    expect(problem?.message).toContain("#4–#6");
  });

  it("finds the first entry deleted", async () => {
    expect(await check(makeChain(5).slice(1))).toMatchObject({ seq: 1, kind: "missing" });
  });

  it("finds a deletion hidden by renumbering the later entries", async () => {
    const chain = makeChain(10)
      .filter((e) => e.seq !== 4)
      .map((e) => (e.seq > 4 ? { ...e, seq: e.seq - 1 } : e));
    const problem = await check(chain);
    expect(problem).toMatchObject({ seq: 4, entryId: "e5", kind: "missing" });
    expect(problem?.message).toMatch(/written as #5/);
  });

  it("finds a forged entry appended with a wrong prevHash", async () => {
    const chain = makeChain(10);
    const forged = rehash({ ...(chain[9] as StoredEntry), id: "forged", seq: 11, prevHash: "2".repeat(64) });
    expect(await check([...chain, forged])).toMatchObject({ seq: 11, entryId: "forged", kind: "inserted" });
  });

  it("finds a well-forged entry inserted in the middle by renumbering the rest", async () => {
    const chain = makeChain(10);
    const before = chain[3] as StoredEntry;
    const forged = rehash({ ...before, id: "forged", seq: 5, prevHash: before.hash, action: "key.created" });
    const shifted = chain.map((e) => (e.seq >= 5 ? { ...e, seq: e.seq + 1 } : e));
    const problem = await check([...shifted, forged]);
    expect(problem).toMatchObject({ seq: 5, entryId: "forged", kind: "inserted" });
  });

  it("finds a badly forged entry inserted in the middle", async () => {
    const chain = makeChain(10);
    const forged = rehash({ ...(chain[3] as StoredEntry), id: "forged", seq: 5, prevHash: "3".repeat(64) });
    const shifted = chain.map((e) => (e.seq >= 5 ? { ...e, seq: e.seq + 1 } : e));
    expect(await check([...shifted, forged])).toMatchObject({ seq: 5, entryId: "forged", kind: "inserted" });
  });

  it.each([
    ["neighbours", 4, 5],
    ["distant entries", 3, 8],
  ])("finds %s whose contents were swapped", async (_case, a, b) => {
    const chain = makeChain(10);
    const first = chain[a - 1] as StoredEntry;
    const second = chain[b - 1] as StoredEntry;
    chain[a - 1] = { ...second, id: first.id, seq: first.seq };
    chain[b - 1] = { ...first, id: second.id, seq: second.seq };
    expect(await check(chain)).toMatchObject({ seq: a, entryId: `e${a}`, kind: "reordered" });
  });

  it("cannot see a re-hashed newest entry on its own (that is what a kept chain head is for)", async () => {
    const chain = makeChain(10);
    chain[9] = rehash({ ...(chain[9] as StoredEntry), action: "nothing.happened" });
    expect(await check(chain)).toBeNull();
  });
});
