// Lets a plain Node process import modules marked "server-only" (as vitest's alias does): the
// marker resolves to an empty module. Used by tests/support/server-process.ts.
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
