// The server Playwright starts: a fresh SQLite database per run (so first-run set-up is really
// the first run), the production build, Keyplane's own HTTP server.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { startHttpServer } from "../lib/http/server.ts";
import { createVerifyFastPath } from "../lib/verify/http.ts";
import { startWebhookWorker } from "../lib/webhooks/worker.ts";
import { buildIfNeeded, prepareRuntime, projectRoot } from "./lib/boot.ts";

const file = join(projectRoot, "data", "e2e.db");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
process.env.DATABASE_URL = `file:${file}`;
process.env.HOST = "127.0.0.1";
// The webhook spec's receiver listens on 127.0.0.1.
process.env.KEYPLANE_WEBHOOK_ALLOW_PRIVATE = "true";

const env = await prepareRuntime("production");
buildIfNeeded();
await startHttpServer({
  dev: false,
  port: env.PORT,
  host: env.HOST,
  dir: projectRoot,
  trustedProxies: env.KEYPLANE_TRUSTED_PROXIES,
  fastPath: createVerifyFastPath(),
});
startWebhookWorker();
console.log(`e2e server ready on ${env.PORT}`);
