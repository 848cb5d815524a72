// `npm start`: Keyplane in production mode (see scripts/lib/serve.ts).
import { serveKeyplane } from "./lib/serve.ts";

await serveKeyplane("production");
