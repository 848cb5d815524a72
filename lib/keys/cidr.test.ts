import { describe, expect, it } from "vitest";

import {
  CIDR_MESSAGES as M,
  CidrListError,
  MAX_CIDR_ENTRIES,
  canonicalIp,
  compileCidrMatcher,
  normalizeCidrList,
  parseCidr,
} from "@/lib/keys/cidr";

describe("parseCidr: valid input and canonical output", () => {
  it.each([
    // IPv4
    ["10.0.0.0/8", "10.0.0.0/8", 4],
    ["0.0.0.0/0", "0.0.0.0/0", 4],
    ["255.255.255.255", "255.255.255.255/32", 4],
    ["192.168.1.7", "192.168.1.7/32", 4],
    ["192.168.1.0/24", "192.168.1.0/24", 4],
    ["0.0.0.0", "0.0.0.0/32", 4],
    ["  10.0.0.0/8\n", "10.0.0.0/8", 4],
    // IPv6, compression and RFC 5952 output
    ["::", "::/128", 6],
    ["::/0", "::/0", 6],
    ["::1", "::1/128", 6],
    ["2001:db8::/32", "2001:db8::/32", 6],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1/128", 6],
    ["2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329/128", 6],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1/128", 6], // a single zero group is not compressed
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3/128", 6], // longest run wins
    ["1:0:0:2:3:0:0:4", "1::2:3:0:0:4/128", 6], // tie: first run wins
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0/128", 6],
    ["::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8/128", 6],
    ["fe80::/10", "fe80::/10", 6],
    ["::1.2.3.4", "::102:304/128", 6], // deprecated IPv4-compatible form stays IPv6
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221/128", 6],
    // IPv4-mapped IPv6 becomes IPv4
    ["::ffff:10.0.0.1", "10.0.0.1/32", 4],
    ["::FFFF:10.0.0.1", "10.0.0.1/32", 4],
    ["::ffff:a00:1", "10.0.0.1/32", 4],
    ["0:0:0:0:0:ffff:10.0.0.1", "10.0.0.1/32", 4],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8", 4],
    ["::ffff:0:0/96", "0.0.0.0/0", 4],
  ])("%j → %s", (input, canonical, version) => {
    const result = parseCidr(input);
    expect(result).toMatchObject({ ok: true, cidr: { canonical, version } });
  });

  it("is idempotent: parsing the canonical form gives the same form", () => {
    for (const input of ["2001:DB8::1:0:0:1/64", "::ffff:10.1.2.3/104", "10.9.8.7/12", "::"]) {
      const first = parseCidr(input);
      if (!first.ok) throw new Error(input);
      expect(parseCidr(first.cidr.canonical)).toMatchObject({
        ok: true,
        cidr: { canonical: first.cidr.canonical },
        hostBitsCleared: false,
      });
    }
  });
});

describe("parseCidr: host bits", () => {
  it.each([
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["192.168.1.77/24", "192.168.1.0/24"],
    ["1.2.3.4/0", "0.0.0.0/0"],
    ["2001:db8::1/32", "2001:db8::/32"],
    ["2001:db8:ffff:ffff::/33", "2001:db8:8000::/33"],
    ["::ffff:10.1.2.3/104", "10.0.0.0/8"],
  ])("%s is normalized to %s and the API says so", (input, canonical) => {
    expect(parseCidr(input)).toEqual(
      expect.objectContaining({
        ok: true,
        hostBitsCleared: true,
        note: `${input} has host bits set; normalized to ${canonical}`,
        cidr: expect.objectContaining({ canonical }),
      }),
    );
  });

  it("notes that a mapped address was stored as IPv4", () => {
    expect(parseCidr("::ffff:10.0.0.1")).toMatchObject({
      ok: true,
      hostBitsCleared: false,
      note: "::ffff:10.0.0.1 is IPv4-mapped IPv6; stored as 10.0.0.1/32",
    });
  });

  it("has no note for an already-canonical range", () => {
    const result = parseCidr("10.0.0.0/8");
    expect(result.ok && result.note).toBe(undefined);
  });
});

describe("parseCidr: refusals", () => {
  it.each<[string, unknown, string]>([
    ["a number", 10, M.notString],
    ["null", null, M.notString],
    ["empty", "", M.empty],
    ["blank", "   ", M.empty],
    ["three octets", "1.2.3", M.invalid],
    ["five octets", "1.2.3.4.5", M.invalid],
    ["octet over 255", "256.0.0.1", M.invalid],
    ["leading zero", "010.0.0.1", M.invalid],
    ["leading zero in last octet", "10.0.0.01", M.invalid],
    ["empty octet", "10..0.1", M.invalid],
    ["trailing dot", "10.0.0.1.", M.invalid],
    ["sign", "+10.0.0.1", M.invalid],
    ["hex octet", "0x0a.0.0.1", M.invalid],
    ["inner space", "10.0.0. 1", M.invalid],
    ["two double colons", "::1::", M.invalid],
    ["triple colon", "1:::2", M.invalid],
    ["lone leading colon", ":1::2", M.invalid],
    ["trailing single colon", "1::2:", M.invalid],
    ["nine groups", "1:2:3:4:5:6:7:8:9", M.invalid],
    ["eight groups and ::", "1:2:3:4:5:6:7:8::", M.invalid],
    ["seven groups without ::", "1:2:3:4:5:6:7", M.invalid],
    ["five hex digits", "12345::1", M.invalid],
    ["non-hex", "2001:db8::g", M.invalid],
    ["zone id", "fe80::1%eth0", M.invalid],
    ["IPv4 not last", "::1.2.3.4:5", M.invalid],
    ["IPv4 with too many groups", "1:2:3:4:5:6:7:1.2.3.4", M.invalid],
    ["bad embedded IPv4", "::ffff:10.0.0.256", M.invalid],
    ["brackets", "[::1]", M.invalid],
    ["URL", "http://10.0.0.1/", M.invalid],
    ["hostname", "localhost", M.invalid],
    ["NUL", "10.0.0.1\0", M.invalid],
    ["NUL inside prefix", "10.0.0.0/8\0", M.prefix4],
    ["full-width digits", "\uFF11\uFF10.0.0.1", M.invalid],
    ["Arabic-Indic digits", "\u0661\u0660.0.0.1", M.invalid],
    ["10 KB junk", "1".repeat(10_240), M.invalid],
    ["10 KB of colons", ":".repeat(10_240), M.invalid],
    ["IPv4 /33", "10.0.0.0/33", M.prefix4],
    ["IPv4 negative prefix", "10.0.0.0/-1", M.prefix4],
    ["IPv4 empty prefix", "10.0.0.0/", M.prefix4],
    ["IPv4 prefix with leading zero", "10.0.0.0/08", M.prefix4],
    ["IPv4 prefix with a space", "10.0.0.0/ 8", M.prefix4],
    ["two slashes", "10.0.0.0/8/8", M.prefix4],
    ["huge prefix", "10.0.0.0/99999999999", M.prefix4],
    ["IPv6 /129", "::/129", M.prefix6],
    ["IPv6 prefix non-digit", "::/abc", M.prefix6],
    ["mapped prefix below 96", "::ffff:10.0.0.0/95", M.prefixMapped],
    ["mapped prefix above 128", "::ffff:10.0.0.0/129", M.prefixMapped],
  ])("%s", (_label, input, message) => {
    expect(parseCidr(input)).toEqual({ ok: false, message });
  });
});

describe("normalizeCidrList", () => {
  it("canonicalizes, drops duplicates and reports notes by index", () => {
    expect(normalizeCidrList(["10.1.2.3/8", "2001:DB8::/32", "10.0.0.0/8", "::ffff:192.168.0.1"])).toEqual({
      ok: true,
      cidrs: ["10.0.0.0/8", "2001:db8::/32", "192.168.0.1/32"],
      notes: [
        { index: 0, message: "10.1.2.3/8 has host bits set; normalized to 10.0.0.0/8" },
        { index: 2, message: "10.0.0.0/8 is listed more than once; kept one" },
        { index: 3, message: "::ffff:192.168.0.1 is IPv4-mapped IPv6; stored as 192.168.0.1/32" },
      ],
    });
  });

  it("accepts an empty list (no restriction)", () => {
    expect(normalizeCidrList([])).toEqual({ ok: true, cidrs: [], notes: [] });
  });

  it("reports every bad entry with its index", () => {
    expect(normalizeCidrList(["10.0.0.0/8", "10.0.0.0/33", "1.2.3", 42])).toEqual({
      ok: false,
      errors: [
        { index: 1, message: M.prefix4 },
        { index: 2, message: M.invalid },
        { index: 3, message: M.notString },
      ],
    });
  });

  it("caps the number of entries", () => {
    const list = Array.from({ length: MAX_CIDR_ENTRIES + 1 }, (_, i) => `10.0.${i}.0/24`);
    expect(normalizeCidrList(list)).toEqual({
      ok: false,
      errors: [{ index: MAX_CIDR_ENTRIES, message: M.tooMany }],
    });
    expect(normalizeCidrList(list.slice(0, MAX_CIDR_ENTRIES)).ok).toBe(true);
  });
});

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
    ["CIDR instead of an address", "10.0.0.1/32"],
    ["trailing whitespace", "10.0.0.1 "],
    ["10 KB junk", "1".repeat(10_240)],
    ["NUL", "10.0.0.1\0"],
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

  it("throws a typed error for an invalid stored entry", () => {
    expect(() => compileCidrMatcher(["10.0.0.0/8", "nope"])).toThrow(CidrListError);
    expect(() => compileCidrMatcher(["10.0.0.0/8", "nope"])).toThrow("Invalid IP range at index 1");
  });

  // Its speed is part of `npm run bench` (the verify hot path), not of this test.
  it("answers many calls on a 51-range matcher the same way", () => {
    const list = Array.from({ length: 50 }, (_, i) => `10.${i}.0.0/16`).concat(["2001:db8::/32"]);
    const m = compileCidrMatcher(list);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) {
      if (m("10.49.1.2")) hits++;
      if (m("2001:db8::1")) hits++;
      if (m("::ffff:192.168.0.1")) hits++;
    }
    expect(hits).toBe(200_000);
  });
});

describe("canonicalIp", () => {
  it.each([
    ["::FFFF:10.0.0.1", "10.0.0.1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["10.0.0.1", "10.0.0.1"],
    ["junk", null],
    ["", null],
  ])("%j → %j", (ip, expected) => {
    expect(canonicalIp(ip)).toBe(expected);
  });
});
