import { describe, expect, it } from "vitest";
import { apiRouteMiss } from "./route-table";

describe("apiRouteMiss", () => {
  it("lets declared operations through, with or without a trailing slash", () => {
    expect(apiRouteMiss("GET", "/api/v1/keys")).toBeNull();
    expect(apiRouteMiss("POST", "/api/v1/keys/")).toBeNull();
    expect(apiRouteMiss("POST", "/api/v1/keys/k_1/roll")).toBeNull();
    expect(apiRouteMiss("HEAD", "/api/v1/whoami")).toBeNull();
    expect(apiRouteMiss("OPTIONS", "/api/v1/keys/k_1")).toBeNull();
  });

  it("leaves everything outside /api/v1 to Next.js", () => {
    expect(apiRouteMiss("GET", "/api/auth/session")).toBeNull();
    expect(apiRouteMiss("GET", "/api/v10/keys")).toBeNull();
    expect(apiRouteMiss("GET", "/orgs/x/keys")).toBeNull();
  });

  it("answers an unknown path with a JSON 404 in the error shape", () => {
    const miss = apiRouteMiss("POST", "/api/v1/no-such-route");
    expect(miss?.status).toBe(404);
    expect(miss?.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(miss?.body ?? "{}")).toEqual({
      error: { code: "NOT_FOUND", message: "No API route /api/v1/no-such-route. See /api/v1/openapi.json." },
    });
    expect(apiRouteMiss("GET", "/api/v1/keys/a/b/c")?.status).toBe(404);
    expect(apiRouteMiss("GET", "/api/v1/openapi_json")?.status).toBe(404);
  });

  it("answers another method on a known path with a JSON 405 and Allow", () => {
    const miss = apiRouteMiss("DELETE", "/api/v1/keys/k_1/roll");
    expect(miss?.status).toBe(405);
    expect(miss?.headers.allow).toBe("OPTIONS, POST");
    expect(JSON.parse(miss?.body ?? "{}").error.code).toBe("METHOD_NOT_ALLOWED");
    expect(apiRouteMiss("PUT", "/api/v1/keys/k_1")?.headers.allow).toBe("DELETE, GET, HEAD, OPTIONS, PATCH");
  });

  it("prefers a literal segment over a parameter: /keys/bulk is its own route, not /keys/{id}", () => {
    expect(apiRouteMiss("POST", "/api/v1/keys/bulk")).toBeNull();
    expect(apiRouteMiss("GET", "/api/v1/keys/bulk")?.headers.allow).toBe("OPTIONS, POST");
    expect(apiRouteMiss("GET", "/api/v1/keys/k_1")).toBeNull();
  });
});
