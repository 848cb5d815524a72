// `npm run dev`: the same server as `npm start`, with Next.js in development mode.
import { startHttpServer } from "../lib/server/http-server.ts";
import { prepareRuntime, projectRoot } from "./lib/boot.ts";

const env = await prepareRuntime("development");
await startHttpServer({
  dev: true,
  port: env.PORT,
  host: env.HOST,
  dir: projectRoot,
  trustProxy: env.KEYPLANE_TRUST_PROXY,
});
console.log(`Keyplane (development) is running at http://localhost:${env.PORT}`);
