import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import next from "next";

// Keyplane's one process, two doors: this node:http server answers the verification hot path
// itself (added by the verify module) and hands every other request to Next.js's handler.

export type FastPathHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export type StartOptions = {
  dev: boolean;
  port: number;
  host: string;
  dir: string;
  trustProxy: boolean;
  /** Tried before Next.js; returns true when it answered the request. */
  fastPath?: FastPathHandler;
};

const CLIENT_IP_HEADER = "x-keyplane-client-ip";

/** The caller's address: the socket's, or the proxy's X-Forwarded-For when the proxy is trusted. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers["x-forwarded-for"] : undefined;
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  const raw = first || req.socket.remoteAddress || "";
  return raw.startsWith("::ffff:") && raw.includes(".") ? raw.slice(7) : raw;
}

export async function startHttpServer(
  options: StartOptions,
): Promise<{ server: Server; close: () => Promise<void> }> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    // Overwrite whatever the client sent: only this server decides the IP that is audited.
    req.headers[CLIENT_IP_HEADER] = clientIp(req, options.trustProxy);
    void route(req, res);
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (options.fastPath && (await options.fastPath(req, res))) return;
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
