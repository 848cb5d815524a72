import { Redis } from "ioredis";
import { env } from "@/lib/env";

// The one Redis client of the process, when KEYPLANE_REDIS_URL is set (README, "Several
// instances"): kept on globalThis like the database client, so the node:http server and Next's
// bundle of lib/ share one connection. Commands fail fast while it is down (no offline queue):
// callers treat Redis as an optional shared store and fall back to what they know locally.

const holder = globalThis as typeof globalThis & { __keyplaneRedis?: Redis };

/** The shared client, or null when KEYPLANE_REDIS_URL is not set. */
export function redisClient(): Redis | null {
  const url = env().KEYPLANE_REDIS_URL;
  if (!url) return null;
  holder.__keyplaneRedis ??= new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
  // An unreachable Redis is reported by the failing commands; without a listener it would throw.
  if (holder.__keyplaneRedis.listenerCount("error") === 0)
    holder.__keyplaneRedis.on("error", () => undefined);
  return holder.__keyplaneRedis;
}

/** Closes the shared client, if one was opened (at shutdown). */
export async function closeRedis(): Promise<void> {
  const client = holder.__keyplaneRedis;
  holder.__keyplaneRedis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
