// `npm run build`: a production build, stamped so that `npm start` knows it is current.
import { buildIfNeeded, projectRoot } from "./lib/boot.ts";
import { ensureLocalSecrets } from "../lib/env/local-secrets.ts";

process.chdir(projectRoot);
process.env.NEXT_TELEMETRY_DISABLED = "1";
ensureLocalSecrets();
buildIfNeeded();
