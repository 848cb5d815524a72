import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// GitHub's secret scanning partner program signs each report (README.md, "Leaked keys"):
// `Github-Public-Key-Identifier` names one of its public keys and `Github-Public-Key-Signature`
// is the base64 ECDSA P-256 / SHA-256 signature (DER) of the raw body. GitHub publishes the keys
// at a URL; Keyplane runs offline, so the keys come from KEYPLANE_LEAK_REPORT_PUBLIC_KEYS only
// (JSON, or a file holding it, read on each report so a rotated file needs no restart).

const keyListSchema = z.array(
  z.object({ key_identifier: z.string().min(1).max(256), key: z.string().min(1).max(10_000) }),
);
const configSchema = z.union([keyListSchema, z.object({ public_keys: keyListSchema })]);

type PublicKeys = ReadonlyMap<string, KeyObject>;

/** The configured keys by identifier; a broken setting is the operator's error, never the caller's. */
function leakReportPublicKeys(setting: string | undefined): PublicKeys {
  if (!setting) return new Map();
  const text = setting.startsWith("[") || setting.startsWith("{") ? setting : readFileSync(setting, "utf8");
  const parsed = configSchema.parse(JSON.parse(text));
  const list = Array.isArray(parsed) ? parsed : parsed.public_keys;
  return new Map(list.map((entry) => [entry.key_identifier, createPublicKey(entry.key)]));
}

function unauthenticated(message: string): AppError {
  return new AppError("UNAUTHENTICATED", message);
}

/**
 * Throws UNAUTHENTICATED unless `signature` is a valid signature of `body` by the configured key
 * named `identifier`. Every refusal says the same thing past "no keys configured": a caller learns
 * nothing about which identifiers exist.
 */
export function checkLeakReportSignature(
  body: Buffer,
  identifier: string | null,
  signature: string | null,
  keys: PublicKeys = leakReportPublicKeys(env().KEYPLANE_LEAK_REPORT_PUBLIC_KEYS),
): void {
  if (keys.size === 0) throw unauthenticated("Leak reports are not configured on this server.");
  const refused = unauthenticated("The report's signature is not valid.");
  if (!identifier || !signature) throw refused;
  const key = keys.get(identifier.trim());
  if (!key || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature.trim())) throw refused;
  let ok = false;
  try {
    ok = verify("sha256", body, { key, dsaEncoding: "der" }, Buffer.from(signature.trim(), "base64"));
  } catch {
    ok = false;
  }
  if (!ok) throw refused;
}
