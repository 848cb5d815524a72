// Keyplane's real server (scripts/lib/serve.ts: boot, verify fast path, operator endpoints, logs,
// metrics port, graceful stop) in its own process, with the REST API's route handlers in place of
// Next.js so that no production build is needed. Started by tests/support/server-child.ts.
import { AsyncLocalStorage } from "node:async_hooks";
import { serveKeyplane } from "../../scripts/lib/serve.ts";
import { apiRoutesHandler } from "./api-server.ts";

// What Next.js's server sets up before it loads route code (next/server's after() needs it).
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage = AsyncLocalStorage;

await serveKeyplane("production", { app: await apiRoutesHandler() });
