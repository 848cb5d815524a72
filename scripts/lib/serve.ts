// The one way `npm start` and `npm run dev` run Keyplane: secrets, environment, migrations (and,
// for production, a build when the sources changed), then Keyplane's own HTTP server (verify
// fast path, the operator endpoints, Next.js for everything else), the metrics port when one is
// set, the hourly housekeeping and audit checkpoints, the webhook worker and the sweep for
// scheduled key events (expiring, expired, grace ending), and the graceful stop on SIGTERM/SIGINT
// (README, "Operating Keyplane").
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { getDb } from "../../lib/db/index.ts";
import { startCheckpoints } from "../../lib/maintenance/checkpoints.ts";
import { startHousekeeping } from "../../lib/maintenance/housekeeping.ts";
import { startScheduledKeyEvents } from "../../lib/maintenance/key-events.ts";
import { startWebhookWorker } from "../../lib/webhooks/worker.ts";
import { startHttpServer } from "../../lib/http/server.ts";
import { createReadinessCheck } from "../../lib/ops/health.ts";
import { createOpsEndpoints } from "../../lib/ops/http.ts";
import { errorMessage, logger } from "../../lib/ops/logger.ts";
import { closeRedis } from "../../lib/ops/redis.ts";
import { createVerifyFastPath } from "../../lib/verify/http.ts";
import { buildIfNeeded, fail, prepareRuntime, projectRoot } from "./boot.ts";

export interface ServeOptions {
  /** Answers instead of Next.js (tests that run the real server without a production build). */
  app?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export async function serveKeyplane(
  mode: "production" | "development",
  options: ServeOptions = {},
): Promise<void> {
  const env = await prepareRuntime(mode);
  if (mode === "production" && !options.app) buildIfNeeded();
  const log = logger();
  try {
    const verify = createVerifyFastPath();
    let stopping = false;
    const readiness = createReadinessCheck({
      runtime: () => verify.runtime,
      shuttingDown: () => stopping,
      root: projectRoot,
    });
    const token = env.KEYPLANE_METRICS_TOKEN;
    const ops = createOpsEndpoints({ readiness, metrics: token ? { token } : "off" });
    const http = await startHttpServer({
      dev: mode === "development",
      port: env.PORT,
      host: env.HOST,
      dir: projectRoot,
      trustedProxies: env.KEYPLANE_TRUSTED_PROXIES,
      fastPath: (req, res) => verify(req, res) || ops(req, res),
      app: options.app,
    });
    const metricsServer =
      env.KEYPLANE_METRICS_PORT === undefined
        ? null
        : await listenMetrics(
            createOpsEndpoints({ readiness, metrics: token ? { token } : "open" }),
            env.KEYPLANE_METRICS_PORT,
            env.HOST,
          );
    const label = mode === "development" ? "Keyplane (development)" : "Keyplane";
    log.info(
      { port: env.PORT, metricsPort: env.KEYPLANE_METRICS_PORT },
      `${label} is running at http://localhost:${env.PORT}`,
    );
    const stopHousekeeping = startHousekeeping();
    const stopCheckpoints = startCheckpoints();
    const stopWebhooks = startWebhookWorker();
    const stopKeyEvents = startScheduledKeyEvents();
    // Stop being ready, stop accepting, answer what is in flight (bounded), then write the verify
    // usage still in memory, close the change listener and the database, and exit. A webhook
    // delivery cut short is sent again by the next worker (its lease runs out).
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      const startedAt = performance.now();
      log.info({ job: "shutdown", signal }, "stopping: no new connections, finishing requests in flight");
      stopHousekeeping();
      stopCheckpoints();
      stopKeyEvents();
      await stopWebhooks();
      const clean = await http.shutdown(env.KEYPLANE_SHUTDOWN_TIMEOUT_MS);
      metricsServer?.closeAllConnections();
      metricsServer?.close();
      let code = 0;
      try {
        await verify.close();
        await closeRedis();
        await getDb().$disconnect();
      } catch (error) {
        log.error(
          { job: "shutdown", error: errorMessage(error) },
          "could not flush usage or close the database",
        );
        code = 1;
      }
      log.info(
        { job: "shutdown", durationMs: Math.round(performance.now() - startedAt), cutOff: !clean },
        "stopped",
      );
      // Exit once the log is written; a stdout that no longer drains must not keep the process alive.
      setTimeout(() => process.exit(code), 2_000);
      log.flush(() => process.exit(code));
    };
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  } catch (error) {
    fail(`could not start the server: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function listenMetrics(handler: ReturnType<typeof createOpsEndpoints>, port: number, host: string) {
  const server = createServer((req, res) => {
    void (async () => {
      if (!(await handler(req, res))) {
        res.writeHead(404, { "content-type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify({ error: { code: "NOT_FOUND", message: "Only /metrics, /healthz and /readyz." } }),
        );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
