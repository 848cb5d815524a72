import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";
import next from "next";
import { apiRouteMiss } from "@/lib/api/route-table";
import { compileTrustedProxies, decideClientAddress } from "@/lib/http/client-address";
import { errorMessage, logger } from "@/lib/ops/logger";
import { withRequestLog } from "@/lib/ops/request-log";

// Keyplane's one process, two doors: this node:http server answers the verification hot path
// itself (added by the verify module) and hands every other request to Next.js's handler.

export type FastPathHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export type StartOptions = {
  dev: boolean;
  port: number;
  host: string;
  dir: string;
  /** KEYPLANE_TRUSTED_PROXIES: whose X-Forwarded-For is believed (lib/http/client-address.ts). */
  trustedProxies: string;
  /** Tried before Next.js; returns true when it answered the request. */
  fastPath?: FastPathHandler;
  /** Answers what the fast path did not, instead of Next.js (tests that need no production build). */
  app?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
};

export interface RunningHttpServer {
  server: Server;
  /** Closes at once, in-flight requests included (tests, benches). */
  close: () => Promise<void>;
  /**
   * Graceful stop: stops accepting connections, answers requests on connections already open
   * (each with Connection: close), and resolves once every connection has closed, or after
   * timeoutMs, when those still open are closed. Resolves true when nothing was cut off.
   */
  shutdown: (timeoutMs: number) => Promise<boolean>;
}

export async function startHttpServer(options: StartOptions): Promise<RunningHttpServer> {
  const handle = options.app ?? (await prepareNext(options));
  const trust = compileTrustedProxies(options.trustedProxies);
  let stopping = false;

  const server = createServer((req, res) => {
    // Before anything reads it: only this server decides the client's address.
    decideClientAddress(req, trust);
    // While stopping, each connection gets its answer and is then closed.
    if (stopping) res.shouldKeepAlive = false;
    // The fast path answers most verifications synchronously: no promise, no await for those.
    let answered: boolean | Promise<boolean> = false;
    try {
      answered = options.fastPath?.(req, res) ?? false;
    } catch (error) {
      return fail(res, error);
    }
    if (answered === true) return;
    if (answered === false) return void route(req, res);
    answered.then(
      (done) => (done ? undefined : route(req, res)),
      (error: unknown) => fail(res, error),
    );
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const miss = apiRouteMiss(req.method ?? "GET", pathOf(req.url ?? "/"));
      if (miss) {
        req.resume();
        res.writeHead(miss.status, miss.headers).end(miss.body);
        return;
      }
      await withRequestLog(req, res, () => handle(req, res));
    } catch (error) {
      fail(res, error);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    shutdown: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        stopping = true;
        const deadline = setTimeout(() => {
          server.closeAllConnections();
          resolve(false);
        }, timeoutMs);
        // net.Server's close, not http.Server's: the latter also drops idle keep-alive
        // connections at once, racing a client that is just sending its next request on one.
        // Those get their answer instead; idle ones still end at the keep-alive timeout.
        NetServer.prototype.close.call(server, () => {
          clearTimeout(deadline);
          resolve(true);
        });
      }),
  };
}

async function prepareNext(
  options: StartOptions,
): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  return (req, res) => handle(req, res);
}

/** A request that threw: logged, and answered 500 if nothing was sent yet. */
function fail(res: ServerResponse, error: unknown): void {
  logger().error({ error: errorMessage(error) }, "request failed");
  if (!res.headersSent) {
    res.statusCode = 500;
    res.setHeader("content-type", "application/json");
  }
  res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Internal server error." } }));
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}
