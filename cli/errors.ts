// How the CLI ends. Scripts branch on the exit code; people read the one-line message on stderr.

export const EXIT = {
  ok: 0,
  /** The API refused or failed, or the server could not be reached. */
  failed: 1,
  /** The command line itself is wrong (unknown command, missing flag). */
  usage: 2,
  /** `keyplane verify` got an answer, and the key is not valid. */
  invalidKey: 3,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function usageError(message: string): CliError {
  return new CliError(`${message}\nRun "keyplane help" for usage.`, EXIT.usage);
}
