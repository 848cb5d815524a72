// The server Playwright starts: a fresh SQLite database per run (so first-run set-up is really
// the first run), the production build, Keyplane's own HTTP server.
import { createWriteStream, rmSync } from "node:fs";
import { join } from "node:path";
import { startHttpServer } from "../lib/http/server.ts";
import { createLogger, setLogger } from "../lib/ops/logger.ts";
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
// The server's log goes to a file that e2e/server-log.teardown.ts reads after the whole run: it must
// hold the requests, and none of the passwords, authenticator secrets or key secrets the specs used.
setLogger(createLogger(createWriteStream(join(projectRoot, "data", "e2e-server.log")), "info"));
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
