import type { IncomingMessage, ServerResponse } from "node:http";
import { countHttpRequest } from "./counters";
import { logger, requestIdFrom } from "./logger";
import { runWithRequestContext, type RequestLogContext } from "./request-context";

// The request log and the console's request metrics, for every request Next.js answers (the
// verify fast path and the operator endpoints are counted by lib/ops/counters.ts instead: one log
// line per verification would cost more than the verification). The line names the route, never
// the raw path or query: a path may carry a token (/set-password/<token>, /invite/<token>) and queries may carry
// anything.

/** Path segments that name one thing, replaced so that routes stay few and secrets stay out. */
const PARAMETER_AFTER: Record<string, string> = {
  orgs: ":org",
  keys: ":id",
  systems: ":id",
  "set-password": ":token",
  invite: ":token",
};

/** "/orgs/acme/keys" → "/orgs/:org/keys"; Next's assets are one route. */
export function routeOf(url: string): string {
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  if (path.startsWith("/_next/")) return "/_next/*";
  const segments = path.split("/");
  for (let i = 1; i < segments.length; i++) {
    const parameter = PARAMETER_AFTER[segments[i - 1] ?? ""];
    const segment = segments[i] ?? "";
    if (parameter && segment !== "" && !(i === 2 && segments[1] === "api")) segments[i] = parameter;
    else if (/\d/.test(segment) && segment.length >= 12) segments[i] = ":id";
  }
  return segments.join("/").slice(0, 200);
}

/** Runs `handle` with a request id (echoed in X-Request-Id) and logs one line when the response ends. */
export function withRequestLog(
  req: IncomingMessage,
  res: ServerResponse,
  handle: () => Promise<void>,
): Promise<void> {
  const context: RequestLogContext = { requestId: requestIdFrom(req.headers["x-request-id"]) };
  res.setHeader("x-request-id", context.requestId);
  const startedAt = performance.now();
  res.once("close", () => {
    const route = routeOf(req.url ?? "/");
    const status = res.writableFinished ? res.statusCode : 499;
    countHttpRequest(route, status);
    const level = status >= 500 ? "error" : "info";
    logger()[level](
      {
        requestId: context.requestId,
        method: req.method,
        route,
        status,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        organization: context.organizationId,
        actor: context.actor,
      },
      "request",
    );
  });
  return runWithRequestContext(context, handle);
}
