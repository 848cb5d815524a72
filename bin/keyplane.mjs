#!/usr/bin/env node
// The `keyplane` command (package.json "bin"): runs the TypeScript CLI in cli/ through tsx's API,
// with the project's tsconfig (for its "@/…" imports) wherever the command is started from.
import { tsImport } from "tsx/esm/api";

const tsconfig = new URL("../tsconfig.json", import.meta.url);
await tsImport("../cli/main.ts", { parentURL: import.meta.url, tsconfig: tsconfig.pathname });
