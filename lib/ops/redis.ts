import { Redis } from "ioredis";
import { env } from "@/lib/env";

// The one Redis client of the process (KEYPLANE_REDIS_URL; README, "Rate limits, credits and
// metadata"), on globalThis so the node:http fast path and Next's bundle share it. Absent when the
// variable is not set. Two users share it: a key's rate limits (lib/verify/key-limits.ts) and the
// miss budget (lib/verify/miss-budget.ts). A command waits while the client (re)connects and fails
// after one retry; for a key's rate limits the verify door then answers 503, failing closed, rather
// than counting locally; the miss budget falls back to each instance's own bucket (runtime.ts).

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

/** A Lua script's call: the number of keys, the keys, then the arguments. */
export type RedisScript<T> = (keys: number, ...args: (string | number)[]) => Promise<T>;

/**
 * A Lua script as a command of `redis` (EVALSHA, the script loaded once per connection), defined
 * once per client under `name`: the verify limits and the miss budget share the one client.
 */
export function redisScript<T>(redis: Redis, name: string, lua: string): RedisScript<T> {
  const commands = redis as Redis & Record<string, RedisScript<T> | undefined>;
  if (commands[name] === undefined) redis.defineCommand(name, { lua });
  return (commands[name] as RedisScript<T>).bind(redis);
}

/** Closes the process-wide client (at shutdown). */
export async function closeRedis(): Promise<void> {
  const client = holder.__keyplaneRedis;
  holder.__keyplaneRedis = undefined;
  await client?.quit().catch(() => undefined);
}
