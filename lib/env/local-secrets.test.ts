import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseAuditSigningKey } from "@/lib/audit/checkpoint-signature";
import { parseEnv } from "./index";
import { ensureLocalSecrets, readLocalSecret } from "./local-secrets";

const NAMES = ["AUTH_SECRET", "KEYPLANE_ENCRYPTION_KEY", "KEYPLANE_AUDIT_SIGNING_KEY"] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("local secrets", () => {
  it("makes the audit signing key beside the other secrets, once, and keeps it private", () => {
    for (const name of NAMES) delete process.env[name];
    const file = join(mkdtempSync(join(tmpdir(), "keyplane-secrets-")), "secrets.json");
    ensureLocalSecrets(file);
    const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    expect(Object.keys(stored).sort()).toEqual([...NAMES].sort());
    expect(parseAuditSigningKey(stored.KEYPLANE_AUDIT_SIGNING_KEY ?? "")?.asymmetricKeyType).toBe("ed25519");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseEnv(process.env).KEYPLANE_AUDIT_SIGNING_KEY).toBe(stored.KEYPLANE_AUDIT_SIGNING_KEY);

    // A second start (or the verifier, which never writes) finds the same key.
    delete process.env.KEYPLANE_AUDIT_SIGNING_KEY;
    expect(readLocalSecret("KEYPLANE_AUDIT_SIGNING_KEY", file)).toBe(stored.KEYPLANE_AUDIT_SIGNING_KEY);
    ensureLocalSecrets(file);
    expect(process.env.KEYPLANE_AUDIT_SIGNING_KEY).toBe(stored.KEYPLANE_AUDIT_SIGNING_KEY);
  });

  it("refuses a signing key that is not an Ed25519 private key", () => {
    const base = {
      AUTH_SECRET: "x".repeat(32),
      KEYPLANE_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
    };
    expect(() =>
      parseEnv({ ...base, KEYPLANE_AUDIT_SIGNING_KEY: Buffer.alloc(32, 1).toString("base64") }),
    ).toThrow(/KEYPLANE_AUDIT_SIGNING_KEY must be an Ed25519 private key/);
  });
});
