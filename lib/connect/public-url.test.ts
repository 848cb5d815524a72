import { describe, expect, it } from "vitest";
import { resolvePublicBaseUrl } from "./public-url";

const request = (values: Record<string, string>) => new Headers(values);

describe("the installation's public base URL", () => {
  it("prefers KEYPLANE_PUBLIC_URL, without a trailing slash", () => {
    expect(resolvePublicBaseUrl("https://keys.example.com/", request({ host: "10.0.0.1:3000" }))).toBe(
      "https://keys.example.com",
    );
  });

  it.each([
    [{ host: "127.0.0.1:3100" }, "http://127.0.0.1:3100"],
    [{ host: "Console.Example.com", "x-forwarded-proto": "https" }, "https://console.example.com"],
    [{ host: "console.example.com", "x-forwarded-proto": "https, http" }, "https://console.example.com"],
    [{ host: "[2001:db8::1]:3000", "x-forwarded-proto": "gopher" }, "http://[2001:db8::1]:3000"],
    [{ host: "evil.example.com/path?x=1" }, "http://localhost"],
    [{ host: 'a"b' }, "http://localhost"],
    [{}, "http://localhost"],
  ])("falls back to the request's origin: %j → %s", (values, expected) => {
    expect(resolvePublicBaseUrl(undefined, request(values))).toBe(expected);
  });
});
