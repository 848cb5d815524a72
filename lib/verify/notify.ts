import pg from "pg";
import { pgPoolConfig } from "@/lib/db/adapters";
import type { PostgresDatabase } from "@/lib/db/url";
import { KEY_CHANGED_CHANNEL } from "@/lib/keys/events";
import { counters } from "@/lib/ops/counters";
import { errorMessage, logger } from "@/lib/ops/logger";

// Cross-instance cache invalidation on PostgreSQL. Every instance keeps one dedicated connection
// LISTENing on KEY_CHANGED_CHANNEL (a pooled connection cannot: LISTEN belongs to a session), and
// publishKeyChange (lib/keys/events.ts) NOTIFYs it with the key id. Delivery is not guaranteed
// across a dropped connection, so each (re)connection calls onReset, which drops the whole cache;
// a notice lost in any other way is covered by the cache TTL.

export interface KeyChangeListenerOptions {
  database: PostgresDatabase;
  onKeyChanged: (keyId: string) => void;
  /** Called after every successful LISTEN, the first included: notices may have been missed. */
  onReset: () => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A dead TCP connection can go unnoticed for a long time; a periodic query finds it. */
  pingIntervalMs?: number;
}

export interface KeyChangeListener {
  /** Resolves once LISTEN is in place the first time. */
  ready: Promise<void>;
  /** Whether the listener currently holds a LISTENing connection. */
  isListening(): boolean;
  close(): Promise<void>;
}

export function startKeyChangeListener(options: KeyChangeListenerOptions): KeyChangeListener {
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const ping = setInterval(() => {
    const current = client;
    if (current && listening) current.query("SELECT 1").catch((error: unknown) => drop(current, error));
  }, options.pingIntervalMs ?? 30_000);
  ping.unref();

  async function connect(): Promise<void> {
    if (closed) return;
    const connection = new pg.Client({
      ...pgPoolConfig(options.database),
      application_name: "keyplane-verify-listener",
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      query_timeout: 10_000,
    });
    client = connection;
    connection.on("notification", (message) => {
      if (message.channel === KEY_CHANGED_CHANNEL && message.payload) options.onKeyChanged(message.payload);
    });
    connection.on("error", (error) => drop(connection, error));
    connection.on("end", () => drop(connection, new Error("connection closed")));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${KEY_CHANGED_CHANNEL}`);
    } catch (error) {
      drop(connection, error);
      return;
    }
    if (client !== connection || closed) return;
    if (failures > 0) {
      counters.listenReconnects++;
      logger().warn({ job: "verify-listener" }, "change listener reconnected; verify cache dropped");
    }
    failures = 0;
    listening = true;
    options.onReset();
    markReady();
  }

  /** Forgets a broken connection and schedules the next attempt, with exponential backoff and jitter. */
  function drop(connection: pg.Client, error: unknown): void {
    if (client !== connection) return;
    client = null;
    listening = false;
    connection.end().catch(() => undefined);
    if (closed) return;
    if (failures === 0)
      logger().warn(
        { job: "verify-listener", error: errorMessage(error) },
        "change listener lost its connection; reconnecting",
      );
    const delay = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures, 16)) * (0.5 + Math.random() / 2);
    failures++;
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  }

  void connect();

  return {
    ready,
    isListening: () => listening,
    async close() {
      closed = true;
      clearInterval(ping);
      clearTimeout(retry);
      const current = client;
      client = null;
      listening = false;
      if (current) await current.end().catch(() => undefined);
    },
  };
}
