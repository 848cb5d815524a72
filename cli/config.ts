import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { CliError, EXIT } from "./errors";

// Where the CLI finds the server and the management key: KEYPLANE_URL / KEYPLANE_KEY (for
// pipelines), else the file `keyplane login` wrote: $XDG_CONFIG_HOME/keyplane/config.json, by
// default ~/.config/keyplane/config.json, readable by its owner only (it holds a key).

export type Credentials = { url: string; key: string };
type StoredConfig = { url?: string; key?: string };

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "keyplane", "config.json");
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): StoredConfig {
  const file = configPath(env);
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return {};
    const { url, key } = parsed as Record<string, unknown>;
    return { url: typeof url === "string" ? url : undefined, key: typeof key === "string" ? key : undefined };
  } catch {
    throw new CliError(`${file} is not valid JSON. Run "keyplane login" again.`);
  }
}

export function writeConfig(config: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  const file = configPath(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync's mode only applies to a new file; an existing one keeps its old mode.
  chmodSync(file, 0o600);
  return file;
}

/** The server's base URL (env first); the verify command needs only this. */
export function resolveUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.KEYPLANE_URL || readConfig(env).url;
  if (!url) {
    throw new CliError('No server: run "keyplane login --url <url>" or set KEYPLANE_URL.', EXIT.usage);
  }
  return normalizeUrl(url);
}

export function resolveCredentials(env: NodeJS.ProcessEnv = process.env): Credentials {
  const url = resolveUrl(env);
  const key = env.KEYPLANE_KEY || readConfig(env).key;
  if (!key) throw new CliError('No API key: run "keyplane login" or set KEYPLANE_KEY.', EXIT.usage);
  return { url, key };
}

export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`"${url}" is not a URL (e.g. https://keys.example.com).`, EXIT.usage);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new CliError(`"${url}" must start with http:// or https://.`, EXIT.usage);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
}
