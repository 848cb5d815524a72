import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import next from "next";
import { apiRouteMiss } from "@/lib/api/route-table";
import { compileTrustedProxies, decideClientAddress } from "@/lib/http/client-address";

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
};

export async function startHttpServer(
  options: StartOptions,
): Promise<{ server: Server; close: () => Promise<void> }> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const trust = compileTrustedProxies(options.trustedProxies);

  const server = createServer((req, res) => {
    // Before anything reads it: only this server decides the client's address.
    decideClientAddress(req, trust);
    void route(req, res);
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (options.fastPath && (await options.fastPath(req, res))) return;
      const miss = apiRouteMiss(req.method ?? "GET", pathOf(req.url ?? "/"));
      if (miss) {
        req.resume();
        res.writeHead(miss.status, miss.headers).end(miss.body);
        return;
      }
      await handle(req, res);
    } catch (error) {
      console.error(`[server] ${error instanceof Error ? error.message.split("\n")[0] : "request failed"}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "application/json");
      }
      res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Internal server error." } }));
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
  };
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}
