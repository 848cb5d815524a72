import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as github from "@/app/api/v1/leaks/route";
import * as report from "@/app/api/v1/leaks/report/route";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { getKeyPolicy, updateKeyPolicy } from "@/lib/keys/policy-store";
import { hashSecret } from "@/lib/keys/hash";
import { generateSecret } from "@/lib/keys/format";
import { useTestDatabase } from "../support/db";
import { call, createApiWorld, stopVerifyRuntime, type ApiWorld } from "../support/api";
import { createKeyRow } from "../support/keys";

// Leak response (README.md, "Leaked keys"): GitHub's secret scanning partner program reports to
// POST /api/v1/leaks, signed with ECDSA P-256 by a configured public key, and organizations'
// own scanners report to POST /api/v1/leaks/report with a management key. Real key pairs from
// node:crypto; the attacks (forged, unknown key, tampered, replayed, malformed, oversize,
// cross-tenant) come first.

const github1 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" });
const KEY_ID = "f9525bf080f75b3506ca1ead061add62b8633a346606dc5fe544e29231c6ee0d";
process.env.KEYPLANE_LEAK_REPORT_PUBLIC_KEYS = JSON.stringify([
  { key_identifier: KEY_ID, key: github1.publicKey.export({ type: "spki", format: "pem" }) },
]);

useTestDatabase();
afterAll(stopVerifyRuntime);

type Feedback = { token_hash: string; token_type: string; label: "true_positive" | "false_positive" };

function signed(body: string, privateKey = github1.privateKey, identifier = KEY_ID) {
  return {
    "github-public-key-identifier": identifier,
    "github-public-key-signature": sign("sha256", Buffer.from(body), privateKey).toString("base64"),
  };
}

function githubReport(rawBody: string, headers: Record<string, string>) {
  return call<Feedback[]>(github.POST, "POST", "/api/v1/leaks", { rawBody, headers });
}

const URL_FOUND = "https://github.com/octo/app/blob/abc123/config.env";

describe("leak reports", () => {
  let w: ApiWorld;
  let target: { id: string; secret: string };
  let hookId: string;

  beforeAll(async () => {
    w = await createApiWorld();
    const hook = await getDb().webhookEndpoint.create({
      data: {
        organizationId: w.org.id,
        url: "https://93.184.215.14/hook",
        events: ["key.leaked"],
        secretEnc: "",
      },
    });
    hookId = hook.id;
  });

  beforeEach(async () => {
    const row = await createKeyRow({ organizationId: w.org.id, label: `target-${Math.random()}` });
    target = { id: row.key.id, secret: row.secret };
  });

  async function state(id: string) {
    return (await getDb().apiKey.findUniqueOrThrow({ where: { id } })).state;
  }
  async function leakAudits(id: string) {
    return getDb().auditEntry.findMany({ where: { targetId: id, action: "key.leaked" } });
  }
  function body(token: string, extra: Record<string, unknown> = {}) {
    return JSON.stringify([{ token, type: "keyplane_api_key", url: URL_FOUND, source: "content", ...extra }]);
  }

  describe("attacks on POST /api/v1/leaks", () => {
    it("refuses a signature made with another key under a configured identifier (401)", async () => {
      const raw = body(target.secret);
      const answer = await githubReport(raw, signed(raw, stranger.privateKey));
      expect(answer.status).toBe(401);
      expect(await state(target.id)).toBe("active");
      expect(await leakAudits(target.id)).toHaveLength(0);
    });

    it("refuses an unknown key identifier, even with a valid signature by that key (401)", async () => {
      const raw = body(target.secret);
      const answer = await githubReport(raw, signed(raw, stranger.privateKey, "attacker-key"));
      expect(answer.status).toBe(401);
      expect(await state(target.id)).toBe("active");
    });

    it("refuses a report without signature headers, or with a garbage signature (401)", async () => {
      const raw = body(target.secret);
      expect((await githubReport(raw, {})).status).toBe(401);
      expect(
        (await githubReport(raw, { ...signed(raw), "github-public-key-signature": "not base64!" })).status,
      ).toBe(401);
      expect(await state(target.id)).toBe("active");
    });

    it("refuses a body changed after signing (401)", async () => {
      const original = body(generateSecret());
      const answer = await githubReport(body(target.secret), signed(original));
      expect(answer.status).toBe(401);
      expect(await state(target.id)).toBe("active");
    });

    it("answers a signed but malformed body 400, and a signed body of the wrong shape 422", async () => {
      const broken = '[{"token": ';
      expect((await githubReport(broken, signed(broken))).status).toBe(400);
      const wrong = JSON.stringify({ token: target.secret });
      expect((await githubReport(wrong, signed(wrong))).status).toBe(422);
      const tooMany = JSON.stringify(
        Array.from({ length: 1001 }, () => ({ token: "x", type: "t", url: "u" })),
      );
      expect((await githubReport(tooMany, signed(tooMany))).status).toBe(422);
      expect(await state(target.id)).toBe("active");
    });

    it("refuses a body over 256 KiB before looking at it (400)", async () => {
      const raw = body(target.secret, { padding: "x".repeat(300 * 1024) });
      const answer = await githubReport(raw, signed(raw));
      expect(answer.status).toBe(400);
      expect(await state(target.id)).toBe("active");
    });

    it("acts once on a replayed report: the second answer is the same, nothing is audited or sent again", async () => {
      const raw = body(target.secret);
      const first = await githubReport(raw, signed(raw));
      const second = await githubReport(raw, signed(raw));
      expect(first.status).toBe(200);
      expect(second.json).toEqual(first.json);
      expect(await leakAudits(target.id)).toHaveLength(1);
      expect(await getDb().webhookEvent.count({ where: { subjectId: target.id, type: "key.leaked" } })).toBe(
        1,
      );
    });
  });

  it("disables a reported key, audits the report's URL and source, queues key.leaked, answers GitHub's format", async () => {
    const unknown = generateSecret();
    const raw = JSON.stringify([
      { token: target.secret, type: "keyplane_api_key", url: URL_FOUND, source: "commit" },
      { token: unknown, type: "keyplane_api_key", url: URL_FOUND, source: "commit" },
    ]);
    const answer = await githubReport(raw, signed(raw));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([
      { token_hash: hashSecret(target.secret), token_type: "keyplane_api_key", label: "true_positive" },
      { token_hash: hashSecret(unknown), token_type: "keyplane_api_key", label: "false_positive" },
    ]);
    expect(JSON.stringify(answer.json)).not.toContain(target.secret);
    expect(await state(target.id)).toBe("disabled");
    const [audit] = await leakAudits(target.id);
    expect(audit).toMatchObject({ actorType: "operator", actorLabel: "GitHub secret scanning" });
    expect(audit?.metadata).toMatchObject({ url: URL_FOUND, source: "commit", response: "disable" });
    expect(JSON.stringify(audit)).not.toContain(target.secret);
    const event = await getDb().webhookEvent.findFirstOrThrow({
      where: { subjectId: target.id, type: "key.leaked" },
    });
    expect(event.organizationId).toBe(w.org.id);
    expect(event.payload).toMatchObject({
      key: { id: target.id },
      metadata: { url: URL_FOUND, source: "commit" },
    });
    expect(await getDb().webhookDelivery.count({ where: { eventId: event.id, endpointId: hookId } })).toBe(1);
  });

  it("revokes instead when the key policy says so (set on the settings page, audited)", async () => {
    const ctx = {
      actor: { type: "user" as const, id: w.owner.id, label: "owner" },
      organizationId: w.org.id,
      meta: { ip: null, userAgent: null },
      freshStepUp: true as const,
    };
    const before = await transact((tx) => getKeyPolicy(tx, w.org.id));
    expect(before.leakResponse).toBe("disable");
    await transact((tx) => updateKeyPolicy(ctx, { ...before, leakResponse: "revoke" }, tx));
    const audit = await getDb().auditEntry.findFirstOrThrow({
      where: { organizationId: w.org.id, action: "policy.updated" },
      orderBy: { seq: "desc" },
    });
    expect(audit.changes).toMatchObject({ leakResponse: { before: "disable", after: "revoke" } });
    try {
      const raw = body(target.secret);
      expect((await githubReport(raw, signed(raw))).json[0]?.label).toBe("true_positive");
      expect(await state(target.id)).toBe("revoked");
      expect((await leakAudits(target.id))[0]?.metadata).toMatchObject({ response: "revoke" });
    } finally {
      await getDb().keyPolicy.update({
        where: { organizationId: w.org.id },
        data: { leakResponse: "disable" },
      });
    }
  });

  describe("POST /api/v1/leaks/report (an organization's own scanners)", () => {
    function own(key: string, tokens: string[]) {
      return call<{ data: Feedback[] }>(report.POST, "POST", "/api/v1/leaks/report", {
        key,
        body: {
          reports: tokens.map((token) => ({ token, url: "https://ci.example.com/42", source: "ci-log" })),
        },
      });
    }

    it("needs a management key (401)", async () => {
      const answer = await call(report.POST, "POST", "/api/v1/leaks/report", {
        body: { reports: [{ token: target.secret }] },
      });
      expect(answer.status).toBe(401);
      expect(await state(target.id)).toBe("active");
    });

    it("disables the caller's own reported key", async () => {
      const answer = await own(w.orgKey.secret, [target.secret]);
      expect(answer.status).toBe(200);
      expect(answer.json.data).toEqual([
        { token_hash: hashSecret(target.secret), token_type: "keyplane_api_key", label: "true_positive" },
      ]);
      expect(await state(target.id)).toBe("disabled");
      expect((await leakAudits(target.id))[0]).toMatchObject({ actorType: "key", actorId: w.orgKey.id });
    });

    it("neither acts on nor reveals another organization's secret: the same answer as a made-up one", async () => {
      const foreign = await createKeyRow({ organizationId: w.foreign.org.id, label: "globex-leaky" });
      const madeUp = generateSecret();
      const answer = await own(w.orgKey.secret, [foreign.secret, madeUp]);
      expect(answer.status).toBe(200);
      const [theirs, nobody] = answer.json.data;
      expect(theirs).toEqual({ ...nobody, token_hash: hashSecret(foreign.secret) });
      expect(theirs?.label).toBe("false_positive");
      expect(await state(foreign.key.id)).toBe("active");
      expect(
        await getDb().auditEntry.count({ where: { organizationId: w.foreign.org.id, action: "key.leaked" } }),
      ).toBe(0);
    });

    it("lets a system key act only on its own system's keys", async () => {
      const elsewhere = await createKeyRow({ organizationId: w.org.id, systemId: w.otherSystem.id });
      const mine = await createKeyRow({ organizationId: w.org.id, systemId: w.system.id });
      const answer = await own(w.systemKey.secret, [elsewhere.secret, mine.secret]);
      expect(answer.json.data.map((item) => item.label)).toEqual(["false_positive", "true_positive"]);
      expect(await state(elsewhere.key.id)).toBe("active");
      expect(await state(mine.key.id)).toBe("disabled");
    });
  });
});
