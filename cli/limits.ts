import { usageError } from "./errors";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/time";

// The CLI's shorthand for a key's rate limits, credits and metadata (README, "Rate limits, credits
// and metadata"), turned into what the API takes; the API checks the values themselves.
//   --ratelimit requests=100/60s       auto-applied: checked on every verification
//   --ratelimit burst=10/1s:named      checked only when a verification names it
//   --credits 1000 --refill monthly:1000[:15] | daily:100
//   --meta plan=pro (repeatable)       --external-id cus_123

const RATELIMIT = /^([^=]+)=(\d+)\/(\d+)(ms|s|m|h|d)(:named)?$/;
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };

export function parseRatelimit(value: string) {
  const match = RATELIMIT.exec(value.trim());
  if (!match) {
    throw usageError(
      `--ratelimit takes name=limit/duration (requests=100/60s, burst=10/1s:named), not "${value}".`,
    );
  }
  const [, name, limit, count, unit, named] = match;
  return {
    name: (name as string).trim(),
    limit: Number(limit),
    durationMs: Number(count) * (DURATION_MS[unit as string] as number),
    autoApply: named === undefined,
  };
}

export function parseCredits(credits: string | undefined, refill: string | undefined) {
  if (credits === undefined) {
    if (refill !== undefined) throw usageError("--refill needs --credits <n> (the balance to start from).");
    return undefined;
  }
  if (!/^\d+$/.test(credits.trim())) throw usageError(`--credits takes a whole number, not "${credits}".`);
  return { remaining: Number(credits), refill: refill === undefined ? undefined : parseRefill(refill) };
}

function parseRefill(value: string) {
  const match = /^(daily|monthly):(\d+)(?::(\d+))?$/.exec(value.trim());
  if (!match || (match[1] === "daily" && match[3] !== undefined)) {
    throw usageError(`--refill takes daily:<amount> or monthly:<amount>[:<day>], not "${value}".`);
  }
  return {
    interval: match[1] as "daily" | "monthly",
    amount: Number(match[2]),
    ...(match[3] === undefined ? {} : { day: Number(match[3]) }),
  };
}

/** --meta key=value, repeatable: a flat object of strings. */
export function parseMeta(values: readonly string[] | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const meta: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf("=");
    if (equals <= 0) throw usageError(`--meta takes key=value, not "${value}".`);
    meta[value.slice(0, equals).trim()] = value.slice(equals + 1);
  }
  return meta;
}
