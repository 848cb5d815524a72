import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../../scripts/bench/baseline";

// Starts tests/support/server-process.ts (Keyplane's real server composition, REST API handlers
// in place of Next.js) in its own process on the test database, and captures what it prints.

const ROOT = join(import.meta.dirname, "..", "..");

export interface ServerChild {
  url: string;
  /** Everything the process wrote to stdout so far (its log). */
  stdout: () => string;
  stderr: () => string;
  /** Sends a signal; resolves with the exit code once the process has exited. */
  signal: (signal: NodeJS.Signals) => Promise<number | null>;
  exited: Promise<number | null>;
}

export async function startServerChild(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerChild> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      join(ROOT, "tests/support/server-only-hook.mjs"),
      join(ROOT, "tests/support/server-process.ts"),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        KEYPLANE_LOG_LEVEL: "info",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes("is running at")) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(check);
      reject(new Error(`server exited with ${code}: ${err || out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    signal: (signal) => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}
