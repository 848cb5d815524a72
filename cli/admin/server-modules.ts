import { register } from "node:module";

// `keyplane admin …` runs the product's own cores on the database, and their modules start with
// `import "server-only"`, a guard that throws unless it is resolved under React's server
// condition (as Next's server bundle does). This CLI is a server-side process too, so it resolves
// that one specifier to an empty module, and nothing else changes. Call before importing them.

const HOOK = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return nextResolve(specifier, context);
}`;

let registered = false;

export function allowServerModules(): void {
  if (registered) return;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  registered = true;
}
