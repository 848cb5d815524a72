import { generateKeyPairSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

// Zero set-up: when AUTH_SECRET, KEYPLANE_ENCRYPTION_KEY or KEYPLANE_AUDIT_SIGNING_KEY are not
// given, the first start makes them and keeps them in data/secrets.json (mode 0600), so sessions,
// encrypted TOTP secrets and the audit checkpoints' signing key survive restarts. Operators who run
// several instances set all three in the environment.
const GENERATORS = {
  AUTH_SECRET: () => randomBytes(32).toString("base64"),
  KEYPLANE_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  KEYPLANE_AUDIT_SIGNING_KEY: generateAuditSigningKey,
} as const;
const SECRET_NAMES = Object.keys(GENERATORS) as (keyof typeof GENERATORS)[];

/** A new Ed25519 private key as base64 PKCS#8 (DER): what KEYPLANE_AUDIT_SIGNING_KEY holds. */
export function generateAuditSigningKey(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  return privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
}

export function ensureLocalSecrets(file = resolve(process.cwd(), "data", "secrets.json")): void {
  const missing = SECRET_NAMES.filter((name) => !process.env[name]);
  if (missing.length === 0) return;

  const stored = readStored(file);
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = GENERATORS[name]();
      changed = true;
    }
    process.env[name] = stored[name];
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
    chmodSync(file, 0o600);
  }
}

function readStored(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/**
 * A secret as this installation has it (the environment, else data/secrets.json), without making
 * one: `npm run audit:verify` compares a checkpoint's key with the installation's own this way.
 */
export function readLocalSecret(
  name: keyof typeof GENERATORS,
  file = resolve(process.cwd(), "data", "secrets.json"),
): string | null {
  return process.env[name] || readStored(file)[name] || null;
}
