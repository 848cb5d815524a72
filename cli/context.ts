import type { ApiClient } from "./client";
import type { Output } from "./output";

// What every command gets: its own arguments (after the command words), the environment, where to
// print, and a way to make an API client (tests give their own).

export type CommandContext = {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  output: Output;
  /** A client for the configured server; `withKey: false` for the unauthenticated verify call. */
  client: (options?: { withKey?: boolean }) => ApiClient;
};

/** Returns the process exit code. */
export type Command = (ctx: CommandContext) => Promise<number>;
