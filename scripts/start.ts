// `npm start`: secrets, environment, migrations, a production build when the sources changed,
// then Keyplane's own HTTP server (verify fast path + Next.js for everything else).
import { startHousekeeping } from "../lib/maintenance/housekeeping.ts";
import { startHttpServer } from "../lib/server/http-server.ts";
import { createVerifyFastPath } from "../lib/verify/http.ts";
import { buildIfNeeded, fail, prepareRuntime, projectRoot } from "./lib/boot.ts";

const env = await prepareRuntime("production");
buildIfNeeded();
try {
  const fastPath = createVerifyFastPath();
  const { close } = await startHttpServer({
    dev: false,
    port: env.PORT,
    host: env.HOST,
    dir: projectRoot,
    trustProxy: env.KEYPLANE_TRUST_PROXY,
    fastPath,
  });
  console.log(`Keyplane is running at http://localhost:${env.PORT}`);
  const stopHousekeeping = startHousekeeping();
  // Stop taking requests, then write the verify usage still in memory, then exit.
  const stop = async () => {
    stopHousekeeping();
    await close();
    await fastPath.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
} catch (error) {
  fail(`could not start the server: ${error instanceof Error ? error.message : String(error)}`);
}
