import { createClient } from "./client";
import { resolveCredentials, resolveUrl } from "./config";
import type { Command, CommandContext } from "./context";
import { CliError, EXIT, usageError } from "./errors";
import { HELP } from "./help";
import type { Output } from "./output";
import { admin } from "./commands/admin";
import { getKey, keyUsage, listKeys } from "./commands/keys-read";
import {
  createKey,
  deleteKey,
  disableKey,
  enableKey,
  regenerateSecret,
  revokeKey,
  rollKey,
  topUpCredits,
  updateKey,
} from "./commands/keys-write";
import { reportLeakedKeys } from "./commands/keys-leaked";
import { login, whoami } from "./commands/login";
import { createSystem, listSystems } from "./commands/systems";
import { verify } from "./commands/verify";

// Dispatch: "keys create …" → createKey with the rest of the arguments. Every failure ends here
// as one message on stderr and an exit code (never a stack trace: the API's message is the point).

const GROUPS: Record<string, Record<string, Command>> = {
  keys: {
    list: listKeys,
    get: getKey,
    usage: keyUsage,
    create: createKey,
    update: updateKey,
    roll: rollKey,
    regenerate: regenerateSecret,
    disable: disableKey,
    enable: enableKey,
    revoke: revokeKey,
    delete: deleteKey,
    leaked: reportLeakedKeys,
    "top-up": topUpCredits,
  },
  systems: { list: listSystems, create: createSystem },
};

const COMMANDS: Record<string, Command> = { login, whoami, verify, admin };

export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> {
  try {
    const [first, second, ...rest] = argv;
    if (
      first === undefined ||
      first === "help" ||
      first === "--help" ||
      first === "-h" ||
      argv.includes("--help")
    ) {
      output.out(HELP);
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    const group = GROUPS[first];
    const command = group ? group[second ?? ""] : COMMANDS[first];
    if (!command) {
      const known = group
        ? Object.keys(group).join(", ")
        : [...Object.keys(COMMANDS), ...Object.keys(GROUPS)].join(", ");
      throw usageError(
        `Unknown command "${[first, group ? second : undefined].filter(Boolean).join(" ")}". One of: ${known}.`,
      );
    }
    const args = group ? rest : [second, ...rest].filter((arg): arg is string => arg !== undefined);
    return await command(context(args, env, output));
  } catch (error) {
    if (error instanceof CliError) {
      output.err(`keyplane: ${error.message}`);
      return error.exitCode;
    }
    output.err(
      `keyplane: unexpected error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
    return EXIT.failed;
  }
}

function context(argv: readonly string[], env: NodeJS.ProcessEnv, output: Output): CommandContext {
  return {
    argv,
    env,
    output,
    client: (options = {}) =>
      options.withKey === false
        ? createClient({ url: resolveUrl(env) })
        : createClient(resolveCredentials(env)),
  };
}
