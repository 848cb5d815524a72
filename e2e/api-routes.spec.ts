import { expect, test } from "@playwright/test";
import { SIGNED_OUT } from "./support";

// Every answer under /api/v1 is JSON in the API's error shape, through the real server
// (lib/http/server.ts asks lib/api/route-table.ts before Next.js sees the request).

test.use({ storageState: SIGNED_OUT });

test("an unknown /api/v1 route answers a JSON 404, not the console's HTML page", async ({ request }) => {
  for (const [method, path] of [
    ["POST", "/api/v1/no-such-route"],
    ["GET", "/api/v1/keys/abc/no-such-action"],
    ["GET", "/api/v1"],
  ] as const) {
    const response = await request.fetch(path, { method });
    expect(response.status(), `${method} ${path}`).toBe(404);
    expect(response.headers()["content-type"]).toContain("application/json");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.message).toContain(path);
  }
});

test("a known /api/v1 route with another method answers a JSON 405 with Allow", async ({ request }) => {
  const response = await request.fetch("/api/v1/keys/some-id/roll", { method: "GET" });
  expect(response.status()).toBe(405);
  expect(response.headers()["allow"]).toBe("OPTIONS, POST");
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("METHOD_NOT_ALLOWED");

  const keys = await request.fetch("/api/v1/keys", { method: "PUT" });
  expect(keys.status()).toBe(405);
  expect(keys.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");
});

test("known routes still reach their handlers (401 without a key, OPTIONS lists the methods)", async ({
  request,
}) => {
  const list = await request.get("/api/v1/keys");
  expect(list.status()).toBe(401);
  expect(((await list.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  const options = await request.fetch("/api/v1/keys/some-id", { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers()["allow"]).toContain("PATCH");
  const verify = await request.get("/api/v1/verify");
  expect(verify.status()).toBe(405);
  expect(verify.headers()["allow"]).toBe("POST");
});
