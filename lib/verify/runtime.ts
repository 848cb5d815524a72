import { dbProvider, getDb, type Db } from "@/lib/db";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "@/lib/db/url";
import { env } from "@/lib/env";
import { dispatchKeyChange, onKeyChanged } from "@/lib/keys/events";
import { looksLikeSecret } from "@/lib/keys/format";
import { createVerifyCache, type VerifyCache, type VerifyCacheOptions } from "./cache";
import { decideCode, needsSystemResolution, toResult } from "./decide";
import { createKeyLoader, createSystemLookup, type KeyLoader, type SystemLookup } from "./load";
import { createSqliteFileLoader, type ClosableKeyLoader } from "./load-sqlite";
import { startKeyChangeListener, type KeyChangeListener } from "./notify";
import { createMissLimiter, type MissLimiter, type MissLimiterOptions } from "./rate-limit";
import { sha256Hex } from "./sha256";
import { createSystemResolver, type SystemResolver } from "./systems";
import type { KeyEntry, VerifyCode, VerifyRequest, VerifyResult } from "./types";
import { createUsageRecorder, type UsageRecorder, type UsageWriter } from "./usage";
import { createUsageWriter } from "./usage-sql";

// One verification service per process: cache, miss limiter, usage recorder and (on PostgreSQL)
// the change listener, wired together. getVerifyRuntime() keeps it on globalThis so the node:http
// fast path and any code inside Next's bundle (which has its own copy of lib/) share one cache.

export interface VerifyInput extends VerifyRequest {
  /** Whose failed attempts are counted together: the reported client IP, else the caller's address. */
  source: string;
}

/** The outcome on the hot path: a code plus the entry that answers are rendered from. */
export interface Verification {
  code: VerifyCode;
  entry: KeyEntry | null;
  /** Seconds, for RATE_LIMITED; 0 otherwise. */
  retryAfter: number;
}

export interface VerifyRuntimeOptions {
  db?: () => Db;
  provider?: () => "sqlite" | "postgresql";
  ttlMs?: number;
  load?: KeyLoader;
  systemLookup?: SystemLookup;
  cache?: Pick<VerifyCacheOptions, "maxEntries" | "negativeTtlMs" | "maxNegativeEntries">;
  limiter?: MissLimiterOptions;
  usage?: { intervalMs?: number; write?: UsageWriter };
  /** Drop entries on onKeyChanged (default true). */
  subscribe?: boolean;
  /** On PostgreSQL, LISTEN for other instances' changes (default true). */
  listen?: boolean;
  /** Where to LISTEN (default DATABASE_URL). */
  databaseUrl?: string;
}

export interface VerifyRuntime {
  cache: VerifyCache;
  limiter: MissLimiter;
  usage: UsageRecorder;
  systems: SystemResolver;
  listener: KeyChangeListener | null;
  /** Synchronous on a cache hit; a Promise only when the database must be read. */
  verify(input: VerifyInput): Verification | Promise<Verification>;
  close(): Promise<void>;
}

const NOT_FOUND: Verification = Object.freeze({ code: "NOT_FOUND", entry: null, retryAfter: 0 });

export function createVerifyRuntime(options: VerifyRuntimeOptions = {}): VerifyRuntime {
  const db = options.db ?? getDb;
  const provider = options.provider ?? dbProvider;
  const ttlMs = options.ttlMs ?? env().KEYPLANE_VERIFY_CACHE_TTL_MS;
  const directLoader =
    options.load || options.db ? null : sqliteFileLoader(provider, createKeyLoader(db, provider));
  const cache = createVerifyCache({
    ...options.cache,
    ttlMs,
    load: options.load ?? directLoader ?? createKeyLoader(db, provider),
  });
  const limiter = createMissLimiter(options.limiter);
  const systems = createSystemResolver(options.systemLookup ?? createSystemLookup(db), ttlMs);
  const usage = createUsageRecorder({
    intervalMs: options.usage?.intervalMs,
    write: options.usage?.write ?? createUsageWriter(db, provider),
  });
  const subscribe = options.subscribe !== false;
  const unsubscribe = subscribe ? onKeyChanged((keyId) => cache.invalidateKey(keyId)) : () => false;
  const listener = options.listen !== false && provider() === "postgresql" ? listen() : null;

  function listen(): KeyChangeListener | null {
    const parsed = parseDatabaseUrl(options.databaseUrl ?? process.env.DATABASE_URL ?? "");
    if (parsed.provider !== "postgresql") return null;
    return startKeyChangeListener({
      database: parsed,
      // Through the process-wide dispatcher, so every local subscriber hears other instances' changes.
      onKeyChanged: subscribe ? dispatchKeyChange : (keyId) => cache.invalidateKey(keyId),
      onReset: () => {
        cache.clear();
        systems.clear();
      },
    });
  }

  /** A failed attempt: NOT_FOUND while the source has tokens, RATE_LIMITED after. */
  function miss(source: string, now: number): Verification {
    if (limiter.take(source, now)) return NOT_FOUND;
    return { code: "RATE_LIMITED", entry: null, retryAfter: limiter.retryAfterSeconds(source, now) };
  }

  function finish(
    input: VerifyInput,
    entry: KeyEntry,
    now: number,
    inOrganization: boolean | undefined,
  ): Verification {
    const code = decideCode(input, entry, now, inOrganization);
    if (code === "NOT_FOUND") return miss(input.source, now);
    usage.record(entry.keyId, code === "VALID", input.ip ?? null, now);
    return { code, entry, retryAfter: 0 };
  }

  function settle(input: VerifyInput, entry: KeyEntry, now: number): Verification | Promise<Verification> {
    if (!needsSystemResolution(entry, input.system)) return finish(input, entry, now, undefined);
    const inOrganization = systems.inOrganization(entry.organizationId, input.system as string, now);
    if (typeof inOrganization === "boolean") return finish(input, entry, now, inOrganization);
    return inOrganization.then((answer) => finish(input, entry, now, answer));
  }

  function afterLoad(input: VerifyInput, entry: KeyEntry | null): Verification | Promise<Verification> {
    const now = Date.now();
    return entry ? settle(input, entry, now) : NOT_FOUND;
  }

  return {
    cache,
    limiter,
    usage,
    systems,
    listener,

    verify(input) {
      const now = Date.now();
      // Malformed input (wrong prefix or checksum, junk, Unicode, NUL) never reaches the database.
      if (!looksLikeSecret(input.secret)) return miss(input.source, now);
      const hash = sha256Hex(input.secret);
      const entry = cache.lookup(hash, now);
      if (entry) return settle(input, entry, now);
      if (entry === null) return miss(input.source, now);
      // A stale entry is a known key: re-read it without asking the limiter.
      if (cache.isKnown(hash)) {
        return cache
          .load(hash)
          .then((loaded) => (loaded ? afterLoad(input, loaded) : miss(input.source, Date.now())));
      }
      if (!limiter.take(input.source, now)) {
        return {
          code: "RATE_LIMITED",
          entry: null,
          retryAfter: limiter.retryAfterSeconds(input.source, now),
        };
      }
      // The token taken above pays for the lookup; a key that exists gets it back.
      return cache.load(hash).then(
        (loaded) => {
          if (loaded) limiter.refund(input.source);
          return afterLoad(input, loaded);
        },
        (error: unknown) => {
          limiter.refund(input.source);
          throw error;
        },
      );
    },

    async close() {
      unsubscribe();
      await listener?.close();
      await usage.close();
      directLoader?.close();
    },
  };
}

/** On SQLite (the process's own DATABASE_URL), misses read the file directly: see load-sqlite.ts. */
function sqliteFileLoader(
  provider: () => "sqlite" | "postgresql",
  fallback: KeyLoader,
): ClosableKeyLoader | null {
  if (provider() !== "sqlite") return null;
  try {
    const parsed = parseDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
    return parsed.provider === "sqlite" ? createSqliteFileLoader(parsed.file, fallback) : null;
  } catch {
    return null;
  }
}

const holder = globalThis as typeof globalThis & { __keyplaneVerifyRuntime?: VerifyRuntime };

/** The process-wide runtime, created on first use. */
export function getVerifyRuntime(): VerifyRuntime {
  holder.__keyplaneVerifyRuntime ??= createVerifyRuntime();
  return holder.__keyplaneVerifyRuntime;
}

/** Flushes usage and stops the listener of the process-wide runtime (at shutdown). */
export async function closeVerifyRuntime(): Promise<void> {
  const runtime = holder.__keyplaneVerifyRuntime;
  holder.__keyplaneVerifyRuntime = undefined;
  await runtime?.close();
}

/** Verification for code inside the app (e.g. the REST API's key authentication). */
export async function verifyKey(request: VerifyRequest & { source?: string }): Promise<VerifyResult> {
  const outcome = await getVerifyRuntime().verify({
    ...request,
    source: request.source ?? request.ip ?? "app",
  });
  return toResult(outcome.entry, outcome.code);
}
