import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastPathHandler } from "@/lib/http/server";
import type { Readiness } from "./health";
import { METRICS_CONTENT_TYPE, renderMetrics } from "./metrics";

// The operator's endpoints, answered by Keyplane's node:http server like verify (ARCHITECTURE.md):
// GET /healthz (the process answers; nothing else is asked), GET /readyz (lib/ops/health.ts;
// 503 with a JSON reason when not ready) and GET /metrics (lib/ops/metrics.ts). /metrics is
// answered only where it is enabled: on the public port with a bearer KEYPLANE_METRICS_TOKEN,
// on KEYPLANE_METRICS_PORT without one (unless a token is set); elsewhere it is a 404.

export interface OpsEndpointsOptions {
  readiness: () => Promise<Readiness>;
  /** "off": /metrics is not served here (404); "open": served to anyone who reaches this port. */
  metrics: "off" | "open" | { token: string };
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

export function createOpsEndpoints(options: OpsEndpointsOptions): FastPathHandler {
  const tokenHash =
    typeof options.metrics === "object" ? createHash("sha256").update(options.metrics.token).digest() : null;
  return (req, res) => {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    if (path === "/healthz") return answer(req, res, () => json(res, 200, { status: "ok" }));
    if (path === "/readyz") {
      return answer(req, res, async () => {
        const readiness = await options.readiness();
        if (readiness.ready) json(res, 200, { status: "ready" });
        else json(res, 503, { status: "not ready", reason: readiness.reason });
      });
    }
    if (path === "/metrics" && options.metrics !== "off") {
      return answer(req, res, async () => {
        if (tokenHash && !bearerMatches(req.headers.authorization, tokenHash)) {
          res.writeHead(401, { ...JSON_HEADERS, "www-authenticate": 'Bearer realm="metrics"' });
          res.end(
            JSON.stringify({ error: { code: "UNAUTHORIZED", message: "A metrics token is required." } }),
          );
          return;
        }
        const text = await renderMetrics();
        res.writeHead(200, { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      });
    }
    return false;
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  respond: () => void | Promise<void>,
): Promise<boolean> {
  req.resume();
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...JSON_HEADERS, allow: "GET, HEAD" });
    res.end(JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: "Use GET." } }));
    return true;
  }
  await respond();
  return true;
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, JSON_HEADERS).end(JSON.stringify(body));
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  return timingSafeEqual(createHash("sha256").update(match[1]).digest(), expected);
}
