import { describe, expect, it } from "vitest";
import { routeOf } from "./request-log";

describe("routeOf", () => {
  it("names routes without their identifiers, tokens or query", () => {
    expect(routeOf("/orgs/acme/keys?q=secret")).toBe("/orgs/:org/keys");
    expect(routeOf("/orgs/acme/systems/cm4x0abc123def456")).toBe("/orgs/:org/systems/:id");
    expect(routeOf("/api/v1/keys/cm4x0abc123def456/roll")).toBe("/api/v1/keys/:id/roll");
    expect(routeOf("/api/v1/keys")).toBe("/api/v1/keys");
    expect(routeOf("/set-password/abcdefTOKEN")).toBe("/set-password/:token");
    expect(routeOf("/invite/abcdefTOKEN")).toBe("/invite/:token");
    expect(routeOf("/_next/static/chunks/app-123.js")).toBe("/_next/*");
  });
});
