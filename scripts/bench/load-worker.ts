// Load generator for the benchmarks, run as its own process (node --import tsx …): on a 2-core
// machine, autocannon inside the server's process would share its one JavaScript thread and
// halve what it measures; in a separate process each side gets a core, the same for Keyplane and
// for the baseline. Reads a LoadJob as JSON on stdin, prints a LoadResult as JSON on stdout.
//
// Latency percentiles are computed here from every response time (autocannon's own histogram
// rounds to whole milliseconds, too coarse for a sub-millisecond hot path).
import autocannon, { type Request, type Result } from "autocannon";
import { generateSecret } from "../../lib/keys/format.ts";

export type Scenario =
  | { kind: "verify"; secrets: string[] }
  | { kind: "verify-unknown"; sources: number }
  | { kind: "forward-auth"; secrets: string[] };

export interface LoadJob {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  scenario: Scenario;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

const VERIFY_HEADERS = { "content-type": "application/json" };
const VERIFY_BODY = JSON.stringify({ permission: "nodes:add", ip: "10.1.2.3" });

function requestsFor(scenario: Scenario): Request[] {
  switch (scenario.kind) {
    case "verify":
      return scenario.secrets.map((secret) => ({
        method: "POST",
        path: "/api/v1/verify",
        headers: { ...VERIFY_HEADERS, authorization: `Bearer ${secret}` },
        body: VERIFY_BODY,
      }));
    case "forward-auth":
      return scenario.secrets.map((secret) => ({
        method: "GET",
        path: "/api/v1/forward-auth?permission=nodes:add",
        headers: { authorization: `Bearer ${secret}`, "x-forwarded-for": "10.1.2.3" },
      }));
    case "verify-unknown": {
      // A fresh well-formed key each time (so the cache cannot help), from `sources` client IPs
      // (0 = a new IP each time, so the miss limiter never refuses), as a proxy on loopback (trusted
      // by default) forwards them: the miss limiter counts per caller address, not per body "ip".
      let counter = 0;
      const ip = () => {
        counter++;
        const n = scenario.sources === 0 ? counter : counter % scenario.sources;
        return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      };
      return [
        {
          method: "POST",
          path: "/api/v1/verify",
          headers: VERIFY_HEADERS,
          setupRequest: (request) => ({
            ...request,
            headers: {
              ...VERIFY_HEADERS,
              authorization: `Bearer ${generateSecret()}`,
              "x-forwarded-for": ip(),
            },
          }),
        },
      ];
    }
  }
}

function run(job: LoadJob, seconds: number, onTime?: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: seconds,
        timeout: 10,
        requests: requestsFor(job.scenario),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onTime) instance.on("response", (_client, _status, _bytes, responseTime) => onTime(responseTime));
  });
}

async function main(): Promise<void> {
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const job = JSON.parse(input) as LoadJob;
  if (job.warmupSeconds > 0) await run(job, job.warmupSeconds);

  let times = new Float64Array(1 << 20);
  let count = 0;
  // Tells the parent the measured run starts now (it measures its own CPU from here).
  process.stdout.write("measuring\n");
  const result = await run(job, job.seconds, (ms) => {
    if (count === times.length) {
      const grown = new Float64Array(times.length * 2);
      grown.set(times);
      times = grown;
    }
    times[count++] = ms;
  });
  const sorted = times.subarray(0, count).sort();
  const at = (q: number) => (count === 0 ? 0 : (sorted[Math.min(count - 1, Math.floor(q * count))] ?? 0));
  const statuses: Record<string, number> = {};
  for (const [status, { count: n }] of Object.entries(result.statusCodeStats)) statuses[status] = n;
  const output: LoadResult = {
    rps: count / job.seconds,
    p50: at(0.5),
    p99: at(0.99),
    total: count,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

await main();
