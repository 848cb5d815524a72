import { parseArgs, type ParseArgsConfig } from "node:util";
import { usageError } from "./errors";

// node:util parseArgs with the CLI's conventions: every command takes --json and --help, unknown
// flags are usage errors (exit 2) with a readable message, and values come back typed.

export type Options = NonNullable<ParseArgsConfig["options"]>;

const COMMON = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

export function parse<const O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...COMMON, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
}

/** The one positional argument a command needs (a key id, a secret). */
export function single(positionals: readonly string[], what: string): string {
  const [value, ...extra] = positionals;
  if (value === undefined || value === "") throw usageError(`Missing ${what}.`);
  if (extra.length > 0) throw usageError(`Unexpected arguments: ${extra.join(" ")}`);
  return value;
}

export function noPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw usageError(`Unexpected arguments: ${positionals.join(" ")}`);
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === "") throw usageError(`${flag} is required.`);
  return value;
}
