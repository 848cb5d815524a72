// `npm run dev`: the same server as `npm start`, with Next.js in development mode.
import { startHousekeeping } from "../lib/maintenance/housekeeping.ts";
import { startHttpServer } from "../lib/server/http-server.ts";
import { createVerifyFastPath } from "../lib/verify/http.ts";
import { prepareRuntime, projectRoot } from "./lib/boot.ts";

const env = await prepareRuntime("development");
const fastPath = createVerifyFastPath();
const { close } = await startHttpServer({
  dev: true,
  port: env.PORT,
  host: env.HOST,
  dir: projectRoot,
  trustProxy: env.KEYPLANE_TRUST_PROXY,
  fastPath,
});
console.log(`Keyplane (development) is running at http://localhost:${env.PORT}`);
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
