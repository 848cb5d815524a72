import { describe, expect, it } from "vitest";
import { isPublicAddress, parseWebhookUrl, resolveWebhookAddresses } from "./address";
import { backoffMs } from "./worker";

describe("webhook addresses", () => {
  it.each([
    ["93.184.215.14", true],
    ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", true],
    ["127.0.0.1", false],
    ["10.0.0.1", false],
    ["172.16.5.4", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["::1", false],
    ["fe80::1", false],
    ["fd12::1", false],
    ["::ffff:10.0.0.1", false],
    ["224.0.0.1", false],
    ["not an address", false],
  ])("%s is public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("accepts http and https only, without credentials", () => {
    expect(parseWebhookUrl("https://hooks.example.com/x").hostname).toBe("hooks.example.com");
    for (const url of ["ftp://x.example/", "javascript:alert(1)", "https://a:b@x.example/", "/relative"]) {
      expect(() => parseWebhookUrl(url)).toThrow();
    }
  });

  it("refuses a private literal unless allowed", async () => {
    await expect(resolveWebhookAddresses(new URL("http://[::1]:8080/"), false)).rejects.toMatchObject({
      fieldErrors: { url: expect.stringContaining("::1") },
    });
    await expect(resolveWebhookAddresses(new URL("http://[::1]:8080/"), true)).resolves.toEqual([
      { address: "::1", family: 6 },
    ]);
  });
});

describe("webhook backoff", () => {
  it("doubles from the base and stops growing at an hour", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30, 30_000)).toBe(3_600_000);
  });
});
