import { collectDefaultMetrics, Registry, type Metric } from "prom-client";
import { dbPoolUse, type PoolUse } from "@/lib/db";
import { existingVerifyRuntime } from "@/lib/verify/runtime";
import { counters, VERIFY_LATENCY_BUCKETS } from "./counters";

// GET /metrics in the Prometheus text format (README, "Operating Keyplane"). The hot paths only
// bump plain numbers (lib/ops/counters.ts); this module turns them into metrics when scraped,
// next to prom-client's process metrics (CPU, memory, event loop lag, handles, GC).

type Labels = Record<string, string | number>;
type Sample = { labels?: Labels; value: number; metricName?: string };
type Kind = "counter" | "gauge" | "histogram";

/** A metric whose samples are read from the counters at scrape time (prom-client's Metric interface). */
function snapshot(name: string, help: string, type: Kind, read: () => Sample[]): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: "sum",
    get: () => Promise.resolve({ name, help, type, aggregator: "sum", values: read() }),
    reset: () => undefined,
  };
  return metric as unknown as Metric;
}

const value = (read: () => number) => (): Sample[] => [{ value: read() }];

function verifications(): Sample[] {
  const samples: Sample[] = [];
  for (const [door, byCode] of Object.entries(counters.verifications)) {
    for (const [code, count] of Object.entries(byCode))
      samples.push({ labels: { door, code }, value: count });
  }
  return samples;
}

function latency(): Sample[] {
  const name = "keyplane_verify_duration_seconds";
  const samples: Sample[] = [];
  let cumulative = 0;
  VERIFY_LATENCY_BUCKETS.forEach((le, i) => {
    cumulative += counters.latencyBuckets[i] ?? 0;
    samples.push({ metricName: `${name}_bucket`, labels: { le }, value: cumulative });
  });
  cumulative += counters.latencyBuckets[VERIFY_LATENCY_BUCKETS.length] ?? 0;
  samples.push({ metricName: `${name}_bucket`, labels: { le: "+Inf" }, value: cumulative });
  samples.push({ metricName: `${name}_sum`, value: counters.latencySum });
  samples.push({ metricName: `${name}_count`, value: counters.latencyCount });
  return samples;
}

function httpRequests(): Sample[] {
  return [...counters.httpRequests].map(([key, count]) => {
    const space = key.lastIndexOf(" ");
    return { labels: { route: key.slice(0, space), status: key.slice(space + 1) }, value: count };
  });
}

function cacheStat(field: "entries" | "negatives" | "loads" | "inflight") {
  return value(() => existingVerifyRuntime()?.cache.stats()[field] ?? 0);
}

/** PostgreSQL only: SQLite has one connection and no pool. */
function poolUse(): Sample[] {
  const use = dbPoolUse();
  if (!use) return [];
  const states: (keyof PoolUse)[] = ["total", "idle", "waiting", "max"];
  return states.map((state) => ({ labels: { state }, value: use[state] }));
}

function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = [
    snapshot(
      "keyplane_verifications_total",
      "Verifications answered, by door and code.",
      "counter",
      verifications,
    ),
    snapshot("keyplane_verify_duration_seconds", "Time to answer a verification.", "histogram", latency),
    snapshot(
      "keyplane_verify_cache_entries",
      "Keys held by the verify cache.",
      "gauge",
      cacheStat("entries"),
    ),
    snapshot(
      "keyplane_verify_cache_unknown_entries",
      "Hashes remembered as unknown.",
      "gauge",
      cacheStat("negatives"),
    ),
    snapshot(
      "keyplane_verify_cache_hits_total",
      "Verifications answered from the cache.",
      "counter",
      value(() => counters.cacheHits),
    ),
    snapshot(
      "keyplane_verify_cache_misses_total",
      "Verifications not answered from a cached key.",
      "counter",
      value(() => counters.cacheMisses),
    ),
    snapshot(
      "keyplane_verify_cache_loads_total",
      "Database reads by the verify cache.",
      "counter",
      cacheStat("loads"),
    ),
    snapshot(
      "keyplane_verify_miss_limiter_refusals_total",
      "Verifications refused by the miss limiter (RATE_LIMITED).",
      "counter",
      value(() => counters.limiterRefusals),
    ),
    snapshot(
      "keyplane_usage_batches_written_total",
      "Usage batches written to the database.",
      "counter",
      value(() => counters.usageBatches),
    ),
    snapshot(
      "keyplane_usage_batch_failures_total",
      "Usage writes that failed (kept for the next flush).",
      "counter",
      value(() => counters.usageFailures),
    ),
    snapshot(
      "keyplane_usage_flush_lag_seconds",
      "Age of the oldest count when the last flush was written.",
      "gauge",
      value(() => counters.usageLagSeconds),
    ),
    snapshot(
      "keyplane_usage_pending_keys",
      "Keys with usage not yet written.",
      "gauge",
      value(() => existingVerifyRuntime()?.usage.pendingKeys() ?? 0),
    ),
    snapshot(
      "keyplane_listen_reconnects_total",
      "Reconnections of the PostgreSQL LISTEN connection.",
      "counter",
      value(() => counters.listenReconnects),
    ),
    snapshot(
      "keyplane_listen_connected",
      "1 while the PostgreSQL LISTEN connection is up (0 on SQLite).",
      "gauge",
      value(() => (existingVerifyRuntime()?.listener?.isListening() ? 1 : 0)),
    ),
    snapshot(
      "keyplane_db_pool_connections",
      "PostgreSQL pool: connections open (total), idle, requests waiting for one, and the pool's size (max).",
      "gauge",
      poolUse,
    ),
    snapshot(
      "keyplane_http_requests_total",
      "Requests answered by the console and REST API, by route and status.",
      "counter",
      httpRequests,
    ),
  ];
  for (const metric of metrics) registry.registerMetric(metric);
  return registry;
}

const holder = globalThis as typeof globalThis & { __keyplaneMetrics?: Registry };

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** The metrics text, as Prometheus scrapes it. */
export function renderMetrics(): Promise<string> {
  holder.__keyplaneMetrics ??= createRegistry();
  return holder.__keyplaneMetrics.metrics();
}
