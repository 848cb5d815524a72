// The verify endpoint called from a shell.
import { connectEndpoints, KEY_PLACEHOLDER, KEY_VARIABLE, shellQuote, type ConnectScope } from "./shared";

export function renderCurlSnippet(options: {
  baseUrl: string;
  scope: ConnectScope;
  /** The key's secret while it is on screen; null uses $KEYPLANE_KEY. */
  secret: string | null;
}): string {
  const { verify } = connectEndpoints(options.baseUrl);
  const body: Record<string, string> = {};
  if (options.scope.system) body.system = options.scope.system;
  if (options.scope.permission) body.permission = options.scope.permission;
  const lines = [
    "# Ask Keyplane whether the key is good: the JSON answer has valid, code, keyId, permissions…",
    options.secret === null
      ? `# ${KEY_VARIABLE} holds the key's secret (Keyplane showed it once, when it was made).`
      : "# This command contains the key's secret: run it, but do not save it in scripts or tickets.",
    `curl -sS -X POST ${verify} \\`,
    options.secret === null
      ? `  -H "Authorization: Bearer ${KEY_PLACEHOLDER}"`
      : `  -H ${shellQuote(`Authorization: Bearer ${options.secret}`)}`,
  ];
  if (Object.keys(body).length > 0) {
    lines[lines.length - 1] += " \\";
    lines.push(`  -H "Content-Type: application/json" \\`, `  -d ${shellQuote(JSON.stringify(body))}`);
  }
  return `${lines.join("\n")}\n`;
}
