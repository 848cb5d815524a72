import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signatureHeader, verifySignature } from "./signature";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = '{"id":"evt_1","type":"key.created"}';

  it("is t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'>", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signatureHeader(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies within the 5-minute tolerance only, and only for the same body and secret", () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    expect(verifySignature(secret, header, body, 1_700_000_000 + 300)).toBe(true);
    expect(verifySignature(secret, header, body, 1_700_000_000 - 300)).toBe(true);
    expect(verifySignature(secret, header, body, 1_700_000_000 + 301)).toBe(false);
    expect(verifySignature(secret, header, `${body}\n`, 1_700_000_000)).toBe(false);
    expect(verifySignature("whsec_other", header, body, 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, "t=1700000000,v1=zz", body, 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, "v1=abc", body, 1_700_000_000)).toBe(false);
  });

  it("makes distinct secrets with the whsec_ prefix", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
