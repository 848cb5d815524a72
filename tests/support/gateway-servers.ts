import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectScope } from "@/lib/connect/snippets/shared";
import { createVerifyFastPath } from "@/lib/verify/http";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { startFastPathServer } from "./keys";

// The processes around a gateway under test (tests/support/gateway.ts): Keyplane's fast path, an
// upstream that records what reaches it, and the gateway itself on a free port, in a temporary
// directory that is removed when it stops.

/** The path and query every request through the gateway asks for. */
export const GATEWAY_PATH = "/orders?id=7";

export type GatewaySite = {
  /** A temporary directory for the gateway's configuration, logs and state, removed afterwards. */
  dir: string;
  /** A free port on 127.0.0.1 for the gateway to listen on. */
  port: number;
  keyplaneUrl: string;
  upstreamUrl: string;
  scope: ConnectScope;
};

/** How to run a gateway on the configuration it wrote into its directory. */
export type GatewayRun = {
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Shown, with the gateway's stderr, when it fails to start. */
  logFile?: string;
};

/** What the client got, and what the upstream saw of that request (null: it was never reached). */
type Outcome = { status: number; code: string | null; seen: Seen | null };
type Seen = {
  path: string;
  keyId: string | null;
  organization: string | null;
  system: string | null;
  authorization: string | null;
};

/** Keyplane's forward-auth fast path on a bare node:http server, as production serves it. */
export async function startKeyplane(): Promise<{ url: string; close: () => Promise<void> }> {
  const fastPath = createVerifyFastPath({
    runtime: new VerifyRuntime({
      ttlMs: 30_000,
      limiter: { capacity: 1_000 },
      usage: { intervalMs: 60_000 },
      listen: false,
    }),
  });
  const server = await startFastPathServer(fastPath);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await fastPath.close();
    },
  };
}

/** Keyplane, the upstream and the gateway between them; `call` asks through the gateway. */
export async function startGateway(
  spec: { name: string; binary: string; prepare: (site: GatewaySite) => GatewayRun },
  scope: ConnectScope,
) {
  const keyplane = await startKeyplane();
  const upstream = await startEchoUpstream();
  const dir = mkdtempSync(join(tmpdir(), `keyplane-${spec.name.toLowerCase()}-`));
  // A gateway's workers may run as another user: they must reach the temporary directory.
  chmodSync(dir, 0o755);
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
    await keyplane.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const run = spec.prepare({
      dir,
      port,
      keyplaneUrl: keyplane.url,
      upstreamUrl: upstream.url,
      scope,
    });
    child = spawn(spec.binary, run.args, {
      env: run.env ?? process.env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    await waitForPort(port, child, spec.name, run.logFile);
    const url = `http://127.0.0.1:${port}`;
    return {
      url,
      stop,
      call: (secret: string | null, headers: Record<string, string>) => call(url, upstream, secret, headers),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function call(
  gatewayUrl: string,
  upstream: EchoUpstream,
  secret: string | null,
  headers: Record<string, string>,
): Promise<Outcome> {
  const before = upstream.seen.length;
  const response = await fetch(`${gatewayUrl}${GATEWAY_PATH}`, {
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    code: response.headers.get("x-keyplane-code"),
    seen: upstream.seen.length > before ? (upstream.seen.at(-1) ?? null) : null,
  };
}

type EchoUpstream = { server: Server; url: string; seen: Seen[] };

/** Records what each request showed it: the identity headers the gateway set, the client's key. */
async function startEchoUpstream(): Promise<EchoUpstream> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === "string" ? value : null;
    };
    seen.push({
      path: req.url ?? "",
      keyId: header("x-keyplane-key-id"),
      organization: header("x-keyplane-organization"),
      system: header("x-keyplane-system"),
      authorization: header("authorization"),
    });
    res.setHeader("content-type", "text/plain");
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Resolves once the gateway accepts connections; fails with its output if it exits first. */
async function waitForPort(port: number, child: ChildProcess, name: string, logFile?: string): Promise<void> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = logFile && existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
  throw new Error(`${name} did not start (exit ${child.exitCode}):\n${stderr}\n${log}`);
}
