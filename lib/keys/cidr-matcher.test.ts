import { BlockList } from "node:net";
import { describe, expect, it } from "vitest";

import { compileCidrMatcher } from "@/lib/keys/cidr-matcher";

describe("compileCidrMatcher", () => {
  const matcher = compileCidrMatcher(["10.0.0.0/8", "192.168.1.7/32", "2001:db8::/32", "fe80::/10"]);

  it.each([
    ["10.0.0.1", true],
    ["10.255.255.255", true],
    ["11.0.0.0", false],
    ["9.255.255.255", false],
    ["192.168.1.7", true],
    ["192.168.1.8", false],
    ["::ffff:10.0.0.1", true], // IPv4-mapped, as Node reports IPv4 clients on dual-stack sockets
    ["::FFFF:10.1.2.3", true],
    ["::ffff:a00:1", true],
    ["::ffff:11.0.0.1", false],
    ["2001:db8::1", true],
    ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true],
    ["2001:db9::1", false],
    ["fe80::1", true],
    ["febf:ffff::1", true],
    ["fec0::1", false],
    ["::1", false],
    ["::10.0.0.1", false], // IPv4-compatible (deprecated) is IPv6 ::a00:1, not an IPv4 client
    ["64:ff9b::10.0.0.1", false], // NAT64 is IPv6 too
  ])("%s → %s", (ip, expected) => {
    expect(matcher(ip)).toBe(expected);
  });

  it.each<[string, string | null | undefined]>([
    ["empty", ""],
    ["undefined", undefined],
    ["null", null],
    ["junk", "not an ip"],
    ["leading zero", "010.0.0.1"],
    ["zone id", "fe80::1%eth0"],
    ["zone id on a mapped address", "::ffff:10.0.0.1%1"],
    ["leading zero in a mapped address", "::ffff:010.0.0.1"],
    ["CIDR instead of an address", "10.0.0.1/32"],
    ["trailing whitespace", "10.0.0.1 "],
    ["10 KB junk", "1".repeat(10_240)],
    ["NUL", "10.0.0.1\0"],
    ["NUL after an IPv6 address", "fe80::1\0"],
    ["full-width digits", "\uFF11\uFF10.0.0.1"],
  ])("an invalid ip (%s) never matches", (_label, ip) => {
    expect(matcher(ip)).toBe(false);
    expect(compileCidrMatcher(["0.0.0.0/0", "::/0"])(ip)).toBe(false);
  });

  it("an empty list allows every caller, even one with an unknown address", () => {
    const open = compileCidrMatcher([]);
    for (const ip of ["10.0.0.1", "::1", "junk", "", undefined]) expect(open(ip)).toBe(true);
  });

  it("keeps families apart: ::/0 matches IPv6 clients only, 0.0.0.0/0 IPv4 clients only", () => {
    const v6only = compileCidrMatcher(["::/0"]);
    expect(v6only("2001:db8::1")).toBe(true);
    expect(v6only("10.0.0.1")).toBe(false);
    expect(v6only("::ffff:10.0.0.1")).toBe(false);
    const v4only = compileCidrMatcher(["0.0.0.0/0"]);
    expect(v4only("::ffff:10.0.0.1")).toBe(true);
    expect(v4only("::1")).toBe(false);
  });

  it("handles prefix boundaries inside a 32-bit word", () => {
    const m = compileCidrMatcher(["2001:db8:8000::/33", "10.0.0.128/25"]);
    expect(m("2001:db8:8000::1")).toBe(true);
    expect(m("2001:db8:7fff::1")).toBe(false);
    expect(m("10.0.0.128")).toBe(true);
    expect(m("10.0.0.127")).toBe(false);
  });

  it("matches host-bit-set entries as their network", () => {
    expect(compileCidrMatcher(["10.1.2.3/8"])("10.200.0.1")).toBe(true);
  });

  it("refuses to compile a list with an invalid stored entry, naming it", () => {
    expect(() => compileCidrMatcher(["10.0.0.0/8", "nope"])).toThrow("Invalid IP range at index 1");
  });

  it("answers dotted IPv4 clients (matched by hand) exactly as Node's BlockList does", () => {
    // Random ranges of every prefix length and random clients near and inside them, in both the
    // plain and the IPv4-mapped form, against a BlockList holding the same ranges.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    for (let round = 0; round < 200; round++) {
      const ranges = Array.from({ length: 1 + (round % 3) }, () => `${dotted(next() * 2)}/${next() % 33}`);
      const reference = new BlockList();
      for (const range of ranges) {
        const [network, prefix] = range.split("/");
        reference.addSubnet(network!, Number(prefix), "ipv4");
      }
      const matches = compileCidrMatcher(ranges);
      for (let client = 0; client < 50; client++) {
        const base = Number(ranges[client % ranges.length]!.split(".")[0]) * 2 ** 24;
        const ip = dotted((client % 2 === 0 ? base + (next() % 2 ** 24) : next() * 2) >>> 0);
        const expected = reference.check(ip, "ipv4");
        expect(matches(ip), `${ip} in ${ranges.join(", ")}`).toBe(expected);
        expect(matches(`::ffff:${ip}`), `::ffff:${ip} in ${ranges.join(", ")}`).toBe(expected);
      }
    }
  });

  it.each([
    "1.2.3",
    "1.2.3.4.5",
    "1..2.3",
    ".1.2.3",
    "1.2.3.",
    "256.1.1.1",
    "1.2.3.04",
    "::ffff:",
    "::ffff:1.2.3",
  ])("a malformed dotted address (%s) never matches", (ip) => {
    expect(compileCidrMatcher(["0.0.0.0/0", "::/0"])(ip)).toBe(false);
  });
});
