import { Redis } from "ioredis";
import { env } from "@/lib/env";

// The one Redis client of the process (KEYPLANE_REDIS_URL; README, "Rate limits, credits and
// metadata"), on globalThis so the node:http fast path and Next's bundle share it. Absent when the
// variable is not set. A command waits while the client (re)connects and fails after one retry; the
// verify door then answers 503, failing closed, rather than counting locally.

const holder = globalThis as typeof globalThis & { __keyplaneRedis?: Redis };

export function redisClient(): Redis | null {
  const url = env().KEYPLANE_REDIS_URL;
  if (url === undefined) return null;
  holder.__keyplaneRedis ??= createRedis(url);
  return holder.__keyplaneRedis;
}

/** A client of its own (tests and benches that act as separate instances). */
export function createRedis(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on("error", () => undefined); // reconnects by itself; each failed command is reported where it ran
  return client;
}

/** Closes the process-wide client (at shutdown). */
export async function closeRedis(): Promise<void> {
  const client = holder.__keyplaneRedis;
  holder.__keyplaneRedis = undefined;
  await client?.quit().catch(() => undefined);
}
