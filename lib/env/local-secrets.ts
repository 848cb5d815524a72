import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

// Zero set-up: when AUTH_SECRET or KEYPLANE_ENCRYPTION_KEY are not given, the first start makes
// random ones and keeps them in data/secrets.json (mode 0600), so sessions and encrypted TOTP
// secrets survive restarts. Operators who run several instances set both in the environment.
const SECRET_NAMES = ["AUTH_SECRET", "KEYPLANE_ENCRYPTION_KEY"] as const;

export function ensureLocalSecrets(file = resolve(process.cwd(), "data", "secrets.json")): void {
  const missing = SECRET_NAMES.filter((name) => !process.env[name]);
  if (missing.length === 0) return;

  const stored = readStored(file);
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("base64");
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
