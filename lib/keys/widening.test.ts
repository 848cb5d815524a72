import { describe, expect, it } from "vitest";
import { cidrWithin, creationWidenings, keyWidenings, rangesWithin, type KeyReach } from "./widening";

const DAY = 86_400_000;
const base: KeyReach = {
  permissions: ["nodes:add"],
  allowedCidrs: ["10.0.0.0/8"],
  expiresAt: new Date(Date.UTC(2027, 0, 1)),
  systemLimits: ["sys-a"],
};

describe("cidrWithin / rangesWithin", () => {
  it.each([
    ["10.1.0.0/16", "10.0.0.0/8", true],
    ["10.0.0.0/8", "10.0.0.0/8", true],
    ["10.0.0.0/7", "10.0.0.0/8", false],
    ["11.0.0.0/16", "10.0.0.0/8", false],
    ["2001:db8:1::/48", "2001:db8::/32", true],
    ["2001:db9::/48", "2001:db8::/32", false],
    ["10.0.0.1", "0.0.0.0/0", true],
    ["::ffff:10.0.0.1/128", "10.0.0.0/8", true],
    ["10.0.0.0/8", "::/0", false],
    ["not a range", "10.0.0.0/8", false],
  ])("%s within %s: %s", (inner, outer, expected) => {
    expect(cidrWithin(inner, outer)).toBe(expected);
  });

  it("treats an empty list as any address", () => {
    expect(rangesWithin([], [])).toBe(true);
    expect(rangesWithin(["10.0.0.0/8"], [])).toBe(true);
    expect(rangesWithin([], ["10.0.0.0/8"])).toBe(false);
    expect(rangesWithin(["10.1.0.0/16", "192.168.1.0/24"], ["10.0.0.0/8"])).toBe(false);
    expect(rangesWithin(["10.1.0.0/16", "192.168.1.0/24"], ["10.0.0.0/8", "192.168.0.0/16"])).toBe(true);
  });
});

describe("keyWidenings", () => {
  const widen = (patch: Partial<KeyReach>) => keyWidenings(base, { ...base, ...patch });

  it("finds nothing in a neutral or narrowing change", () => {
    expect(widen({})).toEqual([]);
    expect(widen({ permissions: [] })).toEqual([]);
    expect(widen({ allowedCidrs: ["10.1.0.0/16"] })).toEqual([]);
    expect(widen({ expiresAt: new Date(base.expiresAt.getTime() - DAY) })).toEqual([]);
    expect(widen({ systemLimits: [] }).includes("systems")).toBe(true);
    expect(keyWidenings({ ...base, systemLimits: [] }, { ...base, systemLimits: ["sys-a"] })).toEqual([]);
  });

  it("names each widening", () => {
    expect(widen({ permissions: ["nodes:add", "metrics:read"] })).toEqual(["permissions"]);
    expect(widen({ permissions: ["keys:manage"] })).toEqual(["keys:manage", "permissions"]);
    expect(widen({ allowedCidrs: [] })).toEqual(["ranges"]);
    expect(widen({ allowedCidrs: ["10.0.0.0/8", "192.0.2.0/24"] })).toEqual(["ranges"]);
    expect(widen({ expiresAt: new Date(base.expiresAt.getTime() + DAY) })).toEqual(["expiry"]);
    expect(widen({ systemLimits: ["sys-a", "sys-b"] })).toEqual(["systems"]);
  });

  it("asks only for keys:manage on creation", () => {
    expect(creationWidenings(["nodes:add"])).toEqual([]);
    expect(creationWidenings(["nodes:add", "keys:manage"])).toEqual(["keys:manage"]);
  });
});
