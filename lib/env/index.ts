import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { parseAuditSigningKey } from "@/lib/audit/checkpoint-signature";
import { parseEncryptionKey } from "@/lib/crypto/aes";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "@/lib/db/url";
import { DEFAULT_TRUSTED_PROXIES, trustedProxiesError } from "@/lib/http/client-address";

// Every environment variable Keyplane reads, validated once, and the only module that reads
// process.env for the product's configuration. Documented in .env.example.
const base64Or32ByteHex = z
  .string()
  .trim()
  .refine((value) => decodeKey(value) !== null, {
    message: "must be 32 random bytes, encoded as base64 or 64 hex characters",
  });

function decodeKey(value: string): Buffer | null {
  try {
    return parseEncryptionKey(value);
  } catch {
    return null;
  }
}

/** Checked by the parser the database client itself uses, so there is one reading of the URL. */
const databaseUrlSchema = z
  .string()
  .trim()
  .default(DEFAULT_DATABASE_URL)
  .superRefine((url, ctx) => {
    try {
      parseDatabaseUrl(url);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
    }
  });

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const logLevelSchema = z.enum(LOG_LEVELS).default("info");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: databaseUrlSchema,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)"),
  KEYPLANE_ENCRYPTION_KEY: base64Or32ByteHex,
  KEYPLANE_PUBLIC_URL: z.url({ message: "must be an absolute http(s) URL" }).optional(),
  KEYPLANE_VERIFY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
  KEYPLANE_TRUSTED_PROXIES: z
    .string()
    .trim()
    .default(DEFAULT_TRUSTED_PROXIES)
    .superRefine((list, ctx) => {
      const error = trustedProxiesError(list);
      if (error !== null)
        ctx.addIssue({
          code: "custom",
          message: `must be a comma list of CIDRs, addresses or loopback/private/linklocal/uniquelocal/none (${error})`,
        });
    }),
  /** Replaced by KEYPLANE_TRUSTED_PROXIES: refused, so that nobody believes it still applies. */
  KEYPLANE_TRUST_PROXY: z
    .undefined({
      error:
        "is no longer read: list the proxies whose X-Forwarded-For to believe in KEYPLANE_TRUSTED_PROXIES (CIDRs or loopback/private; default loopback)",
    })
    .optional(),
  /** Ed25519 private key (base64 PKCS#8) that signs audit checkpoints; made on first start if absent. */
  KEYPLANE_AUDIT_SIGNING_KEY: z
    .string()
    .trim()
    .refine((value) => parseAuditSigningKey(value) !== null, {
      message: "must be an Ed25519 private key, base64 PKCS#8 DER (as data/secrets.json holds it)",
    })
    .optional(),
  /** Every audit checkpoint is POSTed here as JSON, so that a party outside the database holds it. */
  KEYPLANE_AUDIT_ANCHOR_URL: z.url({ message: "must be an absolute http(s) URL" }).optional(),
  KEYPLANE_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** A session unused this long ends, whatever its remaining lifetime (lib/auth/session-rows.ts). */
  KEYPLANE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60 * 30)
    .default(30),
  /** Lets webhooks reach private, loopback and link-local addresses (lib/webhooks/address.ts). */
  KEYPLANE_WEBHOOK_ALLOW_PRIVATE: z
    .enum(["true", "false"], { message: "must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
  /**
   * The public keys GitHub's secret scanning signs leak reports with (POST /api/v1/leaks): a JSON
   * list [{ "key_identifier", "key" (PEM) }] (or GitHub's { "public_keys": [...] }), or the path of
   * a file holding it (README.md, "Leaked keys"). Unset: the endpoint refuses every report.
   */
  KEYPLANE_LEAK_REPORT_PUBLIC_KEYS: z.string().trim().optional(),
  /** A bearer token that opens GET /metrics on the public port (README, "Operating Keyplane"). */
  KEYPLANE_METRICS_TOKEN: z.string().trim().min(16, "must be at least 16 characters").optional(),
  /** A separate port that serves GET /metrics (and the health checks), e.g. reachable only inside the cluster. */
  KEYPLANE_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** How long SIGTERM waits for requests in flight before closing the remaining connections. */
  KEYPLANE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Redis shared by every instance (lib/ops/redis.ts): the verify miss budget and per-key rate limits live there when set. */
  KEYPLANE_REDIS_URL: z
    .url({ message: "must be a redis:// or rediss:// URL" })
    .refine((value) => /^rediss?:\/\//.test(value), "must be a redis:// or rediss:// URL")
    .optional(),
  KEYPLANE_LOG_LEVEL: logLevelSchema,
  /**
   * OpenID Connect single sign-on (README, "Single sign-on"): the issuer (discovery at
   * <issuer>/.well-known/openid-configuration), the client registered there, the name on the
   * sign-in button. SSO is on when the issuer, client id and secret are all set.
   */
  KEYPLANE_OIDC_ISSUER: z.url({ message: "must be an absolute http(s) URL" }).optional(),
  KEYPLANE_OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  KEYPLANE_OIDC_CLIENT_SECRET: z.string().trim().min(1).max(2000).optional(),
  KEYPLANE_OIDC_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
  /** Scopes asked for, space-separated; add e.g. `groups` when the provider puts the claim behind one. */
  KEYPLANE_OIDC_SCOPES: z
    .string()
    .trim()
    .default("openid profile email")
    .refine((value) => value.split(/\s+/).includes("openid"), "must include openid"),
  /** Comma list of email domains SSO accepts (e.g. example.com,example.org); unset: any domain. */
  KEYPLANE_OIDC_ALLOWED_DOMAINS: z
    .string()
    .trim()
    .transform((value) =>
      value
        .split(",")
        .map((domain) => domain.trim().toLowerCase())
        .filter(Boolean),
    )
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Thrown with one readable line per bad variable, never echoing a value (they may be secrets). */
export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map(describeIssue));
  }
  return result.data;
}

/** "NAME message", unless the message already names the variable (the database URL parser's do). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.join(".");
  return issue.message.startsWith(name) || issue.message.includes(` ${name} `)
    ? issue.message
    : `${name} ${issue.message}`;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

let lastDatabaseUrl: { raw: string | undefined; url: string } | undefined;

/**
 * DATABASE_URL (default data/keyplane.db), checked like env()'s but read on each call and without
 * needing the secrets: the database client, the migrate scripts and `keyplane admin` need only
 * this, and tests and benches switch databases at run time (setDatabaseUrl). A bad URL throws the
 * parser's one-line message.
 */
export function databaseUrl(): string {
  const raw = process.env.DATABASE_URL || undefined;
  const last = lastDatabaseUrl;
  if (last && last.raw === raw) return last.url;
  const url = (raw ?? DEFAULT_DATABASE_URL).trim();
  parseDatabaseUrl(url);
  lastDatabaseUrl = { raw, url };
  return url;
}

/**
 * KEYPLANE_LOG_LEVEL (default info), read like databaseUrl() without needing the secrets: the
 * logger (lib/ops/logger.ts) also runs in scripts and tests. An unknown level falls back to info;
 * env() reports it.
 */
export function logLevel(): (typeof LOG_LEVELS)[number] {
  const parsed = logLevelSchema.safeParse(process.env.KEYPLANE_LOG_LEVEL || undefined);
  return parsed.success ? parsed.data : "info";
}

/** Points this process (and the children it starts) at another database. */
export function setDatabaseUrl(url: string): void {
  process.env.DATABASE_URL = url;
  cached = undefined;
}

export function encryptionKey(): Buffer {
  const key = decodeKey(env().KEYPLANE_ENCRYPTION_KEY);
  if (!key) throw new EnvError(["KEYPLANE_ENCRYPTION_KEY must be 32 random bytes"]);
  return key;
}

/** The private key that signs audit checkpoints (lib/audit/checkpoints.ts). */
export function auditSigningKey(): KeyObject {
  const value = env().KEYPLANE_AUDIT_SIGNING_KEY;
  const key = value ? parseAuditSigningKey(value) : null;
  if (!key) {
    throw new EnvError([
      "KEYPLANE_AUDIT_SIGNING_KEY is not set (npm start makes one in data/secrets.json; several instances share one)",
    ]);
  }
  return key;
}
