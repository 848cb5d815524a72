import { describe, expect, it } from "vitest";

import {
  CIDR_MESSAGES as M,
  MAX_CIDR_ENTRIES,
  canonicalIp,
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
    expect(parseCidr(input)).toMatchObject({ ok: true, canonical, version });
  });

  it("is idempotent: parsing the canonical form gives the same form", () => {
    for (const input of ["2001:DB8::1:0:0:1/64", "::ffff:10.1.2.3/104", "10.9.8.7/12", "::"]) {
      const first = parseCidr(input);
      if (!first.ok) throw new Error(input);
      expect(parseCidr(first.canonical)).toEqual(first);
    }
  });
});

describe("parseCidr: host bits", () => {
  it.each([
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["192.168.1.77/24", "192.168.1.0/24"],
    ["10.0.0.255/25", "10.0.0.128/25"],
    ["1.2.3.4/0", "0.0.0.0/0"],
    ["2001:db8::1/32", "2001:db8::/32"],
    ["2001:db8:ffff:ffff::/33", "2001:db8:8000::/33"],
    ["::ffff:10.1.2.3/104", "10.0.0.0/8"],
  ])("%s is stored as its network %s", (input, canonical) => {
    expect(parseCidr(input)).toMatchObject({ ok: true, canonical });
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
    ["two-part IPv4", "10.1", M.invalid],
    ["IPv4 as one number", "167772161", M.invalid],
    ["octal octet", "0377.0.0.1", M.invalid],
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
    ["leading zero in embedded IPv4", "::ffff:010.0.0.1", M.invalid],
    ["hex in embedded IPv4", "::ffff:0xa.0.0.1", M.invalid],
    ["zone id on a range", "fe80::%eth0/10", M.invalid],
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
  it("canonicalizes and keeps the first of entries that mean the same range", () => {
    const list = [" 10.1.2.3/8", "2001:DB8::/32", "10.0.0.0/8", "::ffff:192.168.0.1", "192.168.0.1/32"];
    expect(normalizeCidrList(list)).toEqual({
      ok: true,
      cidrs: ["10.0.0.0/8", "2001:db8::/32", "192.168.0.1/32"],
    });
  });

  it("accepts an empty list (no restriction)", () => {
    expect(normalizeCidrList([])).toEqual({ ok: true, cidrs: [] });
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

describe("canonicalIp", () => {
  it.each([
    ["::FFFF:10.0.0.1", "10.0.0.1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["10.0.0.1", "10.0.0.1"],
    ["::1.2.3.4", "::102:304"],
    ["junk", null],
    ["", null],
    ["010.0.0.1", null],
    ["fe80::1%eth0", null],
    ["10.0.0.0/8", null],
  ])("%j → %j", (ip, expected) => {
    expect(canonicalIp(ip)).toBe(expected);
  });
});
