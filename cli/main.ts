import { processOutput } from "./output";
import { run } from "./run";

// The keyplane command-line client (bin/keyplane.mjs, `npm run keyplane -- …`). See cli/help.ts.
process.exitCode = await run(process.argv.slice(2), process.env, processOutput);
