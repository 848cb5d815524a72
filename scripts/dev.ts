// `npm run dev`: the same server as `npm start`, with Next.js in development mode.
import { serveKeyplane } from "./lib/serve.ts";

await serveKeyplane("development");
