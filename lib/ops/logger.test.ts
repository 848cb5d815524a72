import { describe, expect, it } from "vitest";
import { createLogger, formatPretty, requestIdFrom } from "./logger";

describe("logger", () => {
  it("redacts every field that could hold a credential, at the top level and one level down", () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => void lines.push(line) }, "info");
    log.info(
      {
        password: "pw-1234567890",
        code: "123456",
        secret: "kp_live_secret",
        token: "reset-token-xyz",
        user: { password: "nested-pw-0987", totp: "654321" },
        headers: { authorization: "Bearer kp_header_secret", cookie: "session=abc" },
        route: "/keys",
      },
      "request",
    );
    const text = lines.join("");
    for (const needle of [
      "pw-1234567890",
      "123456",
      "kp_live_secret",
      "reset-token-xyz",
      "nested-pw-0987",
      "654321",
      "kp_header_secret",
      "session=abc",
    ]) {
      expect(text).not.toContain(needle);
    }
    expect(JSON.parse(text)).toMatchObject({
      level: "info",
      route: "/keys",
      msg: "request",
      password: "[redacted]",
    });
  });

  it("prints a short line for a terminal", () => {
    const line = formatPretty(
      JSON.stringify({
        level: "info",
        time: "2026-12-04T13:00:01.000Z",
        msg: "request",
        route: "/keys",
        status: 200,
      }),
    );
    expect(line).toBe("13:00:01 INFO  request  route=/keys status=200\n");
  });

  it("accepts a sane X-Request-Id and replaces anything else", () => {
    expect(requestIdFrom("abc-123.DEF:4_5")).toBe("abc-123.DEF:4_5");
    for (const odd of ["", "has space", "a/b", "x".repeat(129), undefined, ["a", "b"]]) {
      expect(requestIdFrom(odd)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
