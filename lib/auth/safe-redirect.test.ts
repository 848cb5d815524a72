import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-redirect";

// Issue 12, failure 6: a callbackUrl that a browser resolves to another site. The e2e test
// (e2e/sign-in-attacks.spec.ts) performs the real sign-in; this is the rule itself.

describe("safeCallbackPath", () => {
  it.each([
    "/\t/evil.test/phish",
    "/\n/evil.test/phish",
    "/\r/evil.test/phish",
    "/\\evil.test/phish",
    "\\\\evil.test/phish",
    "//evil.test/phish",
    "/.//evil.test/phish",
    "https://evil.test/phish",
    "javascript:alert(1)",
    " //evil.test",
    "http://keyplane.invalid@evil.test/",
  ])("sends %j to the console home", (value) => {
    expect(safeCallbackPath(value)).toBe("/");
  });

  it("compares with the real origin when given one", () => {
    expect(safeCallbackPath("https://keyplane.example/orgs/acme", "https://keyplane.example")).toBe(
      "/orgs/acme",
    );
    expect(safeCallbackPath("https://evil.test/orgs/acme", "https://keyplane.example")).toBe("/");
  });

  it("keeps a path on this origin, with its query and fragment", () => {
    expect(safeCallbackPath("/orgs/acme/keys?state=active#top")).toBe("/orgs/acme/keys?state=active#top");
  });

  it("never sends back to sign-in, set-up or the API", () => {
    for (const value of ["/sign-in?x=1", "/setup", "/api/v1/keys", null, undefined, ""]) {
      expect(safeCallbackPath(value)).toBe("/");
    }
  });
});
