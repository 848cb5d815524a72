import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { apiRouteMiss } from "@/lib/api/route-table";
import { createVerifyFastPath } from "@/lib/verify/http";
import { createApiWorld, type ApiWorld } from "./api";
import { clientAddressStep, type ClientAddressOptions } from "./client-address";

// A stand-in for Keyplane's server in CLI tests, without a Next.js build: a node:http server that
// answers the verify fast path and unknown /api/v1 routes as lib/http/server.ts does, and hands
// every other /api/v1 request to the route handler files themselves (discovered under
// app/api/v1, so a new route is served too), as Request objects, the way Next.js calls them.

const PROJECT_ROOT = join(import.meta.dirname, "..", "..");

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response> | Response;
type Route = { pattern: RegExp; names: string[]; exports: Record<string, unknown> };

async function loadRoutes(): Promise<Route[]> {
  const base = join(PROJECT_ROOT, "app", "api", "v1");
  const files = readdirSync(base, { recursive: true, encoding: "utf8" }).filter((f) =>
    /(^|\/)route\.ts$/.test(f),
  );
  return Promise.all(
    files.map(async (file) => {
      const template = `/api/v1/${file}`.replace(/\/route\.ts$/, "");
      const names = [...template.matchAll(/\[(\w+)\]/g)].map((m) => m[1] ?? "");
      const source = template.replace(/[.]/g, "\\.").replace(/\[\w+\]/g, "([^/]+)");
      const exports = (await import(/* @vite-ignore */ join(base, file))) as Record<string, unknown>;
      return { pattern: new RegExp(`^${source}$`), names, exports };
    }),
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function toRoute(routes: Route[], req: IncomingMessage, res: ServerResponse, origin: string) {
  const url = new URL(req.url ?? "/", origin);
  const miss = apiRouteMiss(req.method ?? "GET", url.pathname);
  if (miss) {
    res.writeHead(miss.status, miss.headers).end(miss.body);
    return;
  }
  for (const route of routes) {
    const match = route.pattern.exec(url.pathname);
    if (!match) continue;
    const handler = route.exports[req.method ?? "GET"];
    if (typeof handler !== "function") {
      res.writeHead(405).end();
      return;
    }
    const params = Object.fromEntries(
      route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]),
    );
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const request = new Request(url, { method: req.method, headers, body: body && new Uint8Array(body) });
    const response = await (handler as Handler)(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
}

/** The REST API's route handlers as one node:http handler (what Next.js would do for /api/v1). */
export async function apiRoutesHandler(): Promise<
  (req: IncomingMessage, res: ServerResponse) => Promise<void>
> {
  const routes = await loadRoutes();
  return (req, res) => toRoute(routes, req, res, "http://127.0.0.1");
}

export async function startApiServer(
  options: ClientAddressOptions = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const routes = await loadRoutes();
  const fastPath = createVerifyFastPath();
  const decideClientAddress = clientAddressStep(options);
  let origin = "";
  const server = createServer((req, res) => {
    decideClientAddress(req);
    if (fastPath(req, res)) return;
    toRoute(routes, req, res, origin).catch((error: unknown) => {
      res.writeHead(500).end(error instanceof Error ? error.message : "failed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs `keyplane …` as a user would (the bin shim, in its own process), optionally with stdin. */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<CliRun> {
  return runNode([join(PROJECT_ROOT, "bin", "keyplane.mjs"), ...args], env, stdin);
}

/** Runs one of the project's TypeScript scripts as `npm run` does (tsx, in its own process). */
export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<CliRun> {
  return runNode(["--import", "tsx", join(PROJECT_ROOT, script), ...args], env, "", 180_000);
}

function runNode(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  stdin?: string,
  timeout = 60_000,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      argv,
      {
        cwd: PROJECT_ROOT,
        env: { NODE_ENV: "test" as const, PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        timeout,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? "");
  });
}

export type CliWorld = { w: ApiWorld; url: string; home: string };

/**
 * For the calling describe block: an API world, a server for the CLI to talk to (`url`) and a
 * private config folder (`home`), made in its beforeAll and removed in its afterAll.
 */
export function useCliWorld(): CliWorld {
  const world = {} as CliWorld;
  let server: { url: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    world.w = await createApiWorld();
    server = await startApiServer();
    world.url = server.url;
    world.home = mkdtempSync(join(tmpdir(), "keyplane-cli-"));
  });
  afterAll(async () => {
    await server?.close();
    if (world.home) rmSync(world.home, { recursive: true, force: true });
  });
  return world;
}
