import { CliError, EXIT } from "./errors";

// Reading secrets (keys, passwords) without putting them on the command line, where they would
// land in the shell history and in `ps`: from a pipe when stdin is not a terminal, else from a
// prompt that echoes nothing.

export function stdinIsInteractive(): boolean {
  return process.stdin.isTTY === true;
}

/** The first line of piped input (a trailing newline is not part of a secret). */
export async function readPipedLine(): Promise<string> {
  return ((await readStdin()).split(/\r?\n/)[0] ?? "").trim();
}

/** Everything piped in, as UTF-8 text. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks on stderr and reads a line from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  return new Promise((resolve, reject) => {
    let value = "";
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (error: CliError | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return done(null);
        if (char === "\u0003") return done(new CliError("Cancelled.", EXIT.failed));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else if (char >= " ") value += char;
      }
    };
    stdin.on("data", onData);
  });
}

/** A secret from the pipe, or a hidden prompt on a terminal. */
export async function readSecret(question: string): Promise<string> {
  return stdinIsInteractive() ? promptHidden(question) : readPipedLine();
}

/** y/N on a terminal; without one the caller must have passed --yes. */
export async function confirm(question: string): Promise<boolean> {
  if (!stdinIsInteractive()) return false;
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
