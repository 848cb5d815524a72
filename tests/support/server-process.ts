// Keyplane's real server (scripts/lib/serve.ts: boot, verify fast path, operator endpoints, logs,
// metrics port, graceful stop) in its own process, with the REST API's route handlers in place of
// Next.js so that no production build is needed. Started by tests/support/server-child.ts.
import { serveKeyplane } from "../../scripts/lib/serve.ts";
import { apiRoutesHandler } from "./api-server.ts";

await serveKeyplane("production", { app: await apiRoutesHandler() });
