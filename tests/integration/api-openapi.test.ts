import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/api/openapi/document";
import { FORWARD_AUTH_PATH, VERIFY_PATH } from "@/lib/verify/paths";

// The OpenAPI document is valid OpenAPI 3.1 (checked by a real validator, not by shape), and it
// describes every route handler under app/api/v1, every method of each, discovered at test time,
// plus the two endpoints the node:http fast path answers. A new route without a declared
// operation fails here.

const ROOT = join(import.meta.dirname, "..", "..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(): string[] {
  const base = join(ROOT, "app", "api", "v1");
  return readdirSync(base, { recursive: true, encoding: "utf8" })
    .filter((file) => file === "route.ts" || file.endsWith("/route.ts"))
    .map((file) => join("app/api/v1", file))
    .sort();
}

/** app/api/v1/keys/[id]/roll/route.ts → /api/v1/keys/{id}/roll */
function templateOf(file: string): string {
  return file
    .replace(/^app/, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[(\w+)\]/g, "{$1}");
}

async function documentFromRoute(): Promise<OpenApiDocument> {
  const request = new Request("http://keyplane.example:8080/api/v1/openapi.json", {
    headers: { host: "keyplane.example:8080" },
  });
  const response = openapiRoute.GET(request);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return (await response.json()) as OpenApiDocument;
}

describe("OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const document = await documentFromRoute();
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("describes every route handler and every method it exports", async () => {
    const document = buildOpenApiDocument({ serverUrl: "http://x" });
    const files = routeFiles();
    expect(files).toContain("app/api/v1/keys/[id]/roll/route.ts");
    const missing: string[] = [];
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ join(ROOT, file))) as Record<string, unknown>;
      const exported = METHODS.filter((method) => typeof mod[method] === "function");
      expect(exported.length, file).toBeGreaterThan(0);
      for (const method of exported) {
        if (!document.paths[templateOf(file)]?.[method.toLowerCase()]) missing.push(`${method} ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("describes nothing that is not served: route handlers plus the verify fast path", async () => {
    const document = buildOpenApiDocument({ serverUrl: "http://x" });
    const served = new Set(routeFiles().map(templateOf));
    served.add(VERIFY_PATH);
    served.add(FORWARD_AUTH_PATH);
    expect(Object.keys(document.paths).filter((path) => !served.has(path))).toEqual([]);
  });

  it("declares the bearer scheme, the error shape and the Idempotency-Key header where honoured", async () => {
    const document = buildOpenApiDocument({ serverUrl: "http://x" });
    expect(document.components.securitySchemes).toMatchObject({
      bearerAuth: { type: "http", scheme: "bearer" },
    });
    const create = document.paths["/api/v1/keys"]?.post;
    expect(create?.parameters).toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" });
    expect(create?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "409", "422", "429"]),
    );
    expect(document.paths["/api/v1/keys/{id}/roll"]?.post?.parameters).toContainEqual({
      $ref: "#/components/parameters/IdempotencyKey",
    });
    expect(document.paths["/api/v1/keys/{id}/revoke"]?.post?.parameters).not.toContainEqual({
      $ref: "#/components/parameters/IdempotencyKey",
    });
    expect(JSON.stringify(document.components.schemas)).toContain('"fields"');
    expect(document.paths["/api/v1/openapi.json"]?.get?.security).toEqual([]);
  });

  it("derives request schemas from the forms' schemas, without the console-only fields", () => {
    const schemas = buildOpenApiDocument({ serverUrl: "http://x" }).components.schemas as Record<
      string,
      { properties?: Record<string, unknown>; required?: string[] }
    >;
    const create = schemas.CreateKeyRequest;
    expect(create?.required).toEqual(["label"]);
    expect(Object.keys(create?.properties ?? {})).not.toContain("organizationId");
    for (const name of ["RollKeyRequest", "RegenerateSecretRequest", "RevokeKeyRequest"]) {
      expect(Object.keys(schemas[name]?.properties ?? {}), name).not.toContain("totpCode");
      expect(Object.keys(schemas[name]?.properties ?? {}), name).not.toContain("confirmLabel");
    }
    // Date objects (which JSON cannot carry) are left out of the accepted forms.
    expect(JSON.stringify(schemas)).not.toContain("x-keyplane-not-json");
  });

  it("names the server as the client sees it", async () => {
    expect((await documentFromRoute()).servers).toEqual([{ url: "http://keyplane.example:8080" }]);
  });
});
