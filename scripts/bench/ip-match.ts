// The IP range check of one verification, measured in this process. The HTTP scenarios include
// it (their keys are limited to IP ranges), but a cost of a microsecond is lost in their noise.
// CPU time per call, set against the CPU of a whole verification measured in the same bench run
// (both grow alike when other work shares the cores).
import { benchSummary } from "./timing.ts";
import { compileCidrMatcher } from "../../lib/keys/cidr-matcher.ts";

/** The check may cost at most this share of a verification before it deserves hand-tuned code. */
const TARGET_SHARE = 0.1;
const CALLS = 500_000;
/** Allowed and refused callers: IPv4, IPv4-mapped (Node's dual-stack sockets), IPv6, IPv4. */
const CLIENTS = ["10.1.2.3", "::ffff:192.168.7.9", "2001:db8::1", "172.16.0.1"];

/** Prints the summary line; true when the target is met. */
export function measureIpMatch(ranges: readonly string[], verificationCpuMicros: number): boolean {
  const matches = compileCidrMatcher(ranges);
  const run = () => {
    let allowed = 0;
    for (let i = 0; i < CALLS; i++) if (matches(CLIENTS[i % CLIENTS.length])) allowed++;
    return allowed;
  };
  const expected = run(); // warm-up, and the answers the timed run must give again
  const started = process.cpuUsage();
  if (run() !== expected) throw new Error("the IP range matcher answered differently on a second run");
  const used = process.cpuUsage(started);
  const nanosPerCall = ((used.user + used.system) * 1000) / CALLS;
  const targetNanos = verificationCpuMicros * 1000 * TARGET_SHARE;
  benchSummary(
    "verify",
    "IP range match",
    nanosPerCall.toFixed(0),
    "ns/call",
    `≤ ${targetNanos.toFixed(0)} ns/call, ${TARGET_SHARE * 100} % of a valid-key verification's CPU`,
  );
  return nanosPerCall <= targetNanos;
}
