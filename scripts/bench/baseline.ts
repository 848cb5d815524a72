// The yardstick for the verify benchmark: a bare node:http server that does only what any
// verification must do (read the request, SHA-256 the key, one in-memory Map lookup, answer
// JSON). It reads the Bearer key like Keyplane, consumes the body so connections stay reusable,
// and hashes with the same function as Keyplane (lib/crypto/sha256.ts), so the comparison
// measures Keyplane's own overhead, not a different hash call.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sha256Hex } from "../../lib/crypto/sha256.ts";

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

export async function startBaselineServer(keyIdsByHash: ReadonlyMap<string, string>): Promise<RunningServer> {
  const server = createServer((req, res) => {
    req.on("data", () => undefined);
    req.on("end", () => {
      const auth = req.headers.authorization;
      const key = auth !== undefined && auth.startsWith("Bearer ") ? auth.slice(7) : "";
      const keyId = keyIdsByHash.get(sha256Hex(key));
      const body = JSON.stringify(
        keyId ? { valid: true, code: "VALID", keyId } : { valid: false, code: "NOT_FOUND", keyId: null },
      );
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  return listen(server);
}

export async function listen(server: Server, port = 0): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port that was free a moment ago (Next's server wants a port number up front). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const running = await listen(probe);
  const port = Number(new URL(running.url).port);
  await running.close();
  return port;
}
