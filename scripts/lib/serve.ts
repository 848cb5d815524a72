// The one way `npm start` and `npm run dev` run Keyplane: secrets, environment, migrations (and,
// for production, a build when the sources changed), then Keyplane's own HTTP server (verify
// fast path + Next.js for everything else), the hourly housekeeping and audit checkpoints, the
// webhook worker and the sweep for scheduled key events (expiring, expired, grace ending).
import { startCheckpoints } from "../../lib/maintenance/checkpoints.ts";
import { startHousekeeping } from "../../lib/maintenance/housekeeping.ts";
import { startScheduledKeyEvents } from "../../lib/maintenance/key-events.ts";
import { startWebhookWorker } from "../../lib/webhooks/worker.ts";
import { startHttpServer } from "../../lib/http/server.ts";
import { createVerifyFastPath } from "../../lib/verify/http.ts";
import { buildIfNeeded, fail, prepareRuntime, projectRoot } from "./boot.ts";

export async function serveKeyplane(mode: "production" | "development"): Promise<void> {
  const env = await prepareRuntime(mode);
  if (mode === "production") buildIfNeeded();
  try {
    const fastPath = createVerifyFastPath();
    const { close } = await startHttpServer({
      dev: mode === "development",
      port: env.PORT,
      host: env.HOST,
      dir: projectRoot,
      trustedProxies: env.KEYPLANE_TRUSTED_PROXIES,
      fastPath,
    });
    const label = mode === "development" ? "Keyplane (development)" : "Keyplane";
    console.log(`${label} is running at http://localhost:${env.PORT}`);
    const stopHousekeeping = startHousekeeping();
    const stopCheckpoints = startCheckpoints();
    const stopWebhooks = startWebhookWorker();
    const stopKeyEvents = startScheduledKeyEvents();
    // Stop taking requests, then write the verify usage still in memory, then exit. A delivery
    // cut short is sent again by the next worker (its lease runs out).
    const stop = async () => {
      stopHousekeeping();
      stopCheckpoints();
      stopKeyEvents();
      await stopWebhooks();
      await close();
      await fastPath.close();
      process.exit(0);
    };
    process.once("SIGINT", () => void stop());
    process.once("SIGTERM", () => void stop());
  } catch (error) {
    fail(`could not start the server: ${error instanceof Error ? error.message : String(error)}`);
  }
}
