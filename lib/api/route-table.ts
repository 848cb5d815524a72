import { ERROR_STATUS } from "@/lib/errors";
import { API_OPERATIONS } from "./operations";

// Every answer under /api/v1 is JSON in the API's error shape, including for a path or a method
// that no operation declares (Next.js would answer its HTML 404 page, or an empty 405 without
// Allow). The operations list is the route table: the same declarations the routes and the
// OpenAPI document use, so a new route is known here the moment it is declared.

const API_PREFIX = "/api/v1";

type Route = { pattern: RegExp; methods: Set<string> };

function compile(): Route[] {
  const byPath = new Map<string, Route>();
  for (const operation of API_OPERATIONS) {
    let route = byPath.get(operation.path);
    if (!route) {
      const source = operation.path
        .split("/")
        .map((part) => (/^\{.+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("/");
      route = { pattern: new RegExp(`^${source}/?$`), methods: new Set() };
      byPath.set(operation.path, route);
    }
    route.methods.add(operation.method);
  }
  // A literal segment wins over a parameter, as in Next.js: /keys/bulk before /keys/{id}.
  const params = (path: string) => path.split("/").filter((part) => part.startsWith("{")).length;
  return [...byPath.entries()].sort(([a], [b]) => params(a) - params(b)).map(([, route]) => route);
}

let routes: Route[] | null = null;

/** The methods a path answers, as an Allow header lists them (HEAD and OPTIONS come with Next.js). */
function allowedMethods(route: Route): string[] {
  const allow = new Set(route.methods);
  if (allow.has("GET")) allow.add("HEAD");
  allow.add("OPTIONS");
  return [...allow].sort();
}

export type ApiRouteMiss = { status: number; headers: Record<string, string>; body: string };

/**
 * null when an operation answers `method` on `pathname` (or the path is outside /api/v1);
 * otherwise the JSON 404 (unknown route) or 405 (known route, other method, with Allow).
 */
export function apiRouteMiss(method: string, pathname: string): ApiRouteMiss | null {
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return null;
  routes ??= compile();
  const route = routes.find((candidate) => candidate.pattern.test(pathname));
  const json = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  if (!route) {
    return {
      status: ERROR_STATUS.NOT_FOUND,
      headers: json,
      body: JSON.stringify({
        error: { code: "NOT_FOUND", message: `No API route ${pathname}. See ${API_PREFIX}/openapi.json.` },
      }),
    };
  }
  const allow = allowedMethods(route);
  if (allow.includes(method.toUpperCase())) return null;
  return {
    status: ERROR_STATUS.METHOD_NOT_ALLOWED,
    headers: { ...json, allow: allow.join(", ") },
    body: JSON.stringify({
      error: { code: "METHOD_NOT_ALLOWED", message: `${pathname} answers ${allow.join(", ")}.` },
    }),
  };
}
