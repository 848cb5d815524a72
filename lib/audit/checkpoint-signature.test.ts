import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateAuditSigningKey } from "@/lib/env/local-secrets";
import { checkpointDocument } from "./checkpoint-document";
import { parseCheckpointDocument } from "./checkpoint-document";
import {
  parseAuditSigningKey,
  signCheckpoint,
  verifyCheckpointSignature,
  type CheckpointClaim,
} from "./checkpoint-signature";

const claim: CheckpointClaim = {
  organizationId: "org1",
  seq: 42,
  hash: "a".repeat(64),
  createdAt: new Date("2026-12-04T13:00:00.123Z"),
};

function freshKey() {
  const key = parseAuditSigningKey(generateAuditSigningKey());
  if (!key) throw new Error("the generated key does not parse");
  return key;
}

describe("checkpoint signatures", () => {
  it("verifies with the public key alone", () => {
    const signed = signCheckpoint(claim, freshKey());
    expect(signed.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(signed.publicKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(verifyCheckpointSignature(claim, signed)).toEqual({ ok: true, publicKeyId: signed.publicKeyId });
  });

  it.each<[string, Partial<CheckpointClaim>]>([
    ["seq", { seq: 41 }],
    ["hash", { hash: "b".repeat(64) }],
    ["organization", { organizationId: "org2" }],
    ["time", { createdAt: new Date("2026-12-04T13:00:00.124Z") }],
  ])("refuses a claim whose %s was changed", (_field, change) => {
    const signed = signCheckpoint(claim, freshKey());
    expect(verifyCheckpointSignature({ ...claim, ...change }, signed)).toMatchObject({ ok: false });
  });

  it("refuses a signature made by another key, or a key swapped in without its id", () => {
    const signed = signCheckpoint(claim, freshKey());
    const other = signCheckpoint(claim, freshKey());
    expect(verifyCheckpointSignature(claim, { ...signed, signature: other.signature })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not match/),
    });
    expect(verifyCheckpointSignature(claim, { ...signed, publicKey: other.publicKey })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/key id/),
    });
    expect(verifyCheckpointSignature(claim, { ...signed, signature: "garbage" })).toMatchObject({
      ok: false,
    });
    expect(verifyCheckpointSignature(claim, { ...signed, publicKey: "not a key" })).toMatchObject({
      ok: false,
    });
  });

  it("takes only Ed25519 private keys", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    expect(parseAuditSigningKey(rsa.export({ format: "der", type: "pkcs8" }).toString("base64"))).toBeNull();
    expect(parseAuditSigningKey("not base64 pkcs8")).toBeNull();
  });

  it("round-trips through the downloadable document", () => {
    const signed = signCheckpoint(claim, freshKey());
    const org = { id: "org1", slug: "acme", name: "Acme" };
    const text = JSON.stringify(checkpointDocument(org, { ...claim, ...signed, id: "c1" }));
    const parsed = parseCheckpointDocument(JSON.parse(text));
    expect(parsed).toEqual({ organization: { id: "org1", slug: "acme" }, claim, signed });
    if (parsed) expect(verifyCheckpointSignature(parsed.claim, parsed.signed).ok).toBe(true);
    expect(parseCheckpointDocument({ ...JSON.parse(text), kind: "keyplane.audit.chain-head" })).toBeNull();
  });
});
