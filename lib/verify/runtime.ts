import { dbProvider, getDb } from "@/lib/db";
import { parseDatabaseUrl } from "@/lib/db/url";
import { databaseUrl, env } from "@/lib/env";
import { counters } from "@/lib/ops/counters";
import { dispatchKeyChange, onKeyChanged } from "@/lib/keys/events";
import { CUSTOM_SECRET_MAX_LENGTH, CUSTOM_SECRET_MIN_LENGTH, looksLikeSecret } from "@/lib/keys/format";
import { createVerifyCache, type VerifyCache } from "./cache";
import { decideCode, needsSystemResolution, toResult } from "./decide";
import { createKeyLoader, createSystemLookup, type KeyLoader } from "./load";
import { createSqliteFileLoader, type ClosableKeyLoader } from "./load-sqlite";
import { startKeyChangeListener, type KeyChangeListener } from "./notify";
import { createCreditSpender, type CreditSpender } from "./credits";
import type { KeyLimitStore } from "./key-limits";
import { KeyMeter } from "./meter";
import { redisClient } from "@/lib/ops/redis";
import {
  createPostgresMissBudget,
  createRedisMissBudget,
  type BudgetLimits,
  type SharedMissBudget,
} from "./miss-budget";
import { createMissLimiter, type MissLimiter, type MissLimiterOptions } from "./rate-limit";
import { sha256Hex } from "@/lib/crypto/sha256";
import { createSystemResolver, type SystemResolver } from "./systems";
import type { KeyEntry, Verification, VerifyInput, VerifyRequest, VerifyResult } from "./types";
import { createUsageRecorder, type UsageRecorder } from "./usage";
import type { UsageWriter } from "./usage-batch";
import { createUsageWriter } from "./usage-sql";

// One verification service per process: cache, miss limiter, usage recorder, the meter for keys
// with rate limits or credits (meter.ts) and (on PostgreSQL) the change listener, wired together;
// the cache drops a key when lib/keys/events.ts announces a change to it. getVerifyRuntime() keeps
// it on globalThis so the node:http fast path and any code inside Next's bundle (which has its own
// copy of lib/) share one cache.

/** What tests and benches may change; production uses the defaults. */
export interface VerifyRuntimeOptions {
  /** Longest time an entry is served before re-reading (default KEYPLANE_VERIFY_CACHE_TTL_MS). */
  ttlMs?: number;
  /** Reads a key by hash on a miss (default: the database; on SQLite, the file directly). */
  load?: KeyLoader;
  limiter?: MissLimiterOptions;
  /**
   * The miss budget shared with other instances (miss-budget.ts); null for none. Default: Redis
   * with KEYPLANE_REDIS_URL, else PostgreSQL's RateLimit table, else none (SQLite: one instance).
   */
  budget?: SharedMissBudget | null;
  usage?: { intervalMs?: number; write?: UsageWriter };
  /** On PostgreSQL, LISTEN for other instances' changes (default true). */
  listen?: boolean;
  /** Per-key rate limit counters (default: Redis with KEYPLANE_REDIS_URL, else this process's memory). */
  limits?: KeyLimitStore;
  /** Spends credits (default: one conditional UPDATE in the database). */
  spend?: CreditSpender;
}

const NOT_FOUND: Verification = Object.freeze({ code: "NOT_FOUND", entry: null, retryAfter: 0 });

export class VerifyRuntime {
  readonly cache: VerifyCache;
  readonly limiter: MissLimiter;
  readonly budget: SharedMissBudget | null;
  readonly usage: UsageRecorder;
  readonly systems: SystemResolver;
  readonly listener: KeyChangeListener | null;
  private readonly fileLoader: ClosableKeyLoader | null;
  private readonly unsubscribe: () => void;
  private readonly meter: KeyMeter;

  constructor(options: VerifyRuntimeOptions = {}) {
    const ttlMs = options.ttlMs ?? env().KEYPLANE_VERIFY_CACHE_TTL_MS;
    const databaseLoader = createKeyLoader(getDb, dbProvider);
    this.fileLoader = options.load ? null : sqliteFileLoader(databaseLoader);
    this.cache = createVerifyCache({ ttlMs, load: options.load ?? this.fileLoader ?? databaseLoader });
    this.limiter = createMissLimiter(options.limiter);
    this.budget = options.budget !== undefined ? options.budget : defaultMissBudget(this.limiter);
    this.systems = createSystemResolver(createSystemLookup(getDb), ttlMs);
    this.usage = createUsageRecorder({
      intervalMs: options.usage?.intervalMs,
      write: options.usage?.write ?? createUsageWriter(getDb, dbProvider),
    });
    this.meter = new KeyMeter(this.usage, options.spend ?? createCreditSpender(getDb), options.limits);
    this.unsubscribe = onKeyChanged((keyId) => this.cache.invalidateKey(keyId));
    this.listener = options.listen !== false && dbProvider() === "postgresql" ? this.listen() : null;
  }

  /** Synchronous on a cache hit; a Promise only when the database must be read. */
  verify(input: VerifyInput): Verification | Promise<Verification> {
    const now = Date.now();
    const { secret } = input;
    if (secret.length < CUSTOM_SECRET_MIN_LENGTH || secret.length > CUSTOM_SECRET_MAX_LENGTH)
      return this.miss(input.source, now);
    const hash = sha256Hex(secret);
    const entry = this.cache.lookup(hash, now);
    if (entry) {
      // Only a secret that passed the check below was ever loaded, so a hit skips it.
      counters.cacheHits++;
      return this.settle(input, entry, now);
    }
    // Malformed input (wrong prefix or checksum, junk, Unicode, NUL) is never looked up; it is a
    // failed attempt like any other (counted in the shared budget while the local bucket lets it).
    if (!looksLikeSecret(secret)) return this.miss(input.source, now);
    counters.cacheMisses++;
    if (entry === null) return this.miss(input.source, now);
    // A stale entry is a known key: re-read it without asking the limiter.
    if (this.cache.isKnown(hash)) {
      return this.cache
        .load(hash)
        .then((loaded) => (loaded ? this.afterLoad(input, loaded) : this.miss(input.source, Date.now())));
    }
    if (!this.limiter.take(input.source, now)) return this.refused(input.source, now);
    // The token taken above pays for the lookup; a key that exists gets it back, an unknown one
    // is also counted in the shared budget.
    return this.cache.load(hash).then(
      (loaded) => {
        if (!loaded) return this.chargeShared(input.source);
        this.limiter.refund(input.source);
        return this.afterLoad(input, loaded);
      },
      (error: unknown) => {
        this.limiter.refund(input.source);
        throw error;
      },
    );
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.listener?.close();
    await this.usage.close();
    this.fileLoader?.close();
  }

  /** Other instances' changes, through the process-wide dispatcher so every local subscriber hears them. */
  private listen(): KeyChangeListener | null {
    const parsed = parseDatabaseUrl(databaseUrl());
    if (parsed.provider !== "postgresql") return null;
    return startKeyChangeListener({
      database: parsed,
      onKeyChanged: dispatchKeyChange,
      onReset: () => {
        this.cache.clear();
        this.systems.clear();
      },
    });
  }

  /** A failed attempt: NOT_FOUND while the source has tokens here and in the shared budget, RATE_LIMITED after. */
  private miss(source: string, now: number): Verification | Promise<Verification> {
    if (!this.limiter.take(source, now)) return this.refused(source, now);
    return this.chargeShared(source);
  }

  private refused(source: string, now: number): Verification {
    counters.limiterRefusals++;
    return { code: "RATE_LIMITED", entry: null, retryAfter: this.limiter.retryAfterSeconds(source, now) };
  }

  /**
   * Counts an attempt the local bucket let through in the budget all instances share. If the shared
   * store cannot be reached, the local bucket alone limits (the answer never waits on it failing).
   */
  private chargeShared(source: string): Verification | Promise<Verification> {
    if (!this.budget) return NOT_FOUND;
    return this.budget.charge(source).then(
      (waitSeconds): Verification => {
        if (waitSeconds === 0) return NOT_FOUND;
        this.limiter.drain(source, Date.now());
        counters.limiterRefusals++;
        return { code: "RATE_LIMITED", entry: null, retryAfter: waitSeconds };
      },
      () => NOT_FOUND,
    );
  }

  private finish(
    input: VerifyInput,
    entry: KeyEntry,
    now: number,
    inOrganization: boolean | undefined,
  ): Verification | Promise<Verification> {
    const code = decideCode(input, entry, now, inOrganization);
    if (code === "NOT_FOUND") return this.miss(input.source, now);
    // Keys without limits or credits stop here, as they always have.
    if (code === "VALID" && entry.metered) return this.meter.check(input, entry, now);
    this.usage.record(entry.keyId, code === "VALID", input.ip ?? null, now, entry.hash);
    return { code, entry, retryAfter: 0 };
  }

  private settle(input: VerifyInput, entry: KeyEntry, now: number): Verification | Promise<Verification> {
    if (!needsSystemResolution(entry, input.system)) return this.finish(input, entry, now, undefined);
    const inOrganization = this.systems.inOrganization(entry.organizationId, input.system as string, now);
    if (typeof inOrganization === "boolean") return this.finish(input, entry, now, inOrganization);
    return inOrganization.then((answer) => this.finish(input, entry, now, answer));
  }

  private afterLoad(input: VerifyInput, entry: KeyEntry | null): Verification | Promise<Verification> {
    return entry ? this.settle(input, entry, Date.now()) : NOT_FOUND;
  }
}

/** Redis when KEYPLANE_REDIS_URL is set, else PostgreSQL; on SQLite (one instance) none. */
function defaultMissBudget(limits: BudgetLimits): SharedMissBudget | null {
  const redis = redisClient();
  if (redis) return createRedisMissBudget(redis, limits);
  return dbProvider() === "postgresql" ? createPostgresMissBudget(getDb, limits) : null;
}

/** On SQLite (the process's own DATABASE_URL), misses read the file directly: see load-sqlite.ts. */
function sqliteFileLoader(fallback: KeyLoader): ClosableKeyLoader | null {
  if (dbProvider() !== "sqlite") return null;
  try {
    const parsed = parseDatabaseUrl(databaseUrl());
    return parsed.provider === "sqlite" ? createSqliteFileLoader(parsed.file, fallback) : null;
  } catch {
    return null;
  }
}

const holder = globalThis as typeof globalThis & { __keyplaneVerifyRuntime?: VerifyRuntime };

/** The process-wide runtime if one was created (metrics and readiness read it; they never create one). */
export function existingVerifyRuntime(): VerifyRuntime | null {
  return holder.__keyplaneVerifyRuntime ?? null;
}

/** The process-wide runtime, created on first use. */
export function getVerifyRuntime(): VerifyRuntime {
  holder.__keyplaneVerifyRuntime ??= new VerifyRuntime();
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
  return toResult(outcome.entry, outcome.code, outcome);
}
