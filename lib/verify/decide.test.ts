import { beforeAll, describe, expect, it, vi } from "vitest";
import { decideCode, needsSystemResolution, toResult, type DecideRequest } from "./decide";
import { compileEntry, type KeyRecord } from "./entry";
import type { VerifyCode } from "./types";

const NOW = Date.parse("2026-06-01T12:00:00.000Z");
const HOUR = 3600_000;

function entry(overrides: Partial<KeyRecord> = {}) {
  return compileEntry({
    hash: "h",
    keyId: "key_1",
    organizationId: "org_1",
    systemId: null,
    systemSlug: null,
    state: "active",
    expiresAt: new Date(NOW + 24 * HOUR),
    allowedCidrs: [],
    version: 1,
    permissions: ["nodes:add", "catalog:register"],
    systemLimits: [],
    slot: "primary",
    graceEndsAt: null,
    ...overrides,
  });
}

const systemKey = { systemId: "sys_pay", systemSlug: "payments" };
const limitedOrgKey = { systemLimits: [{ id: "sys_pay", slug: "payments" }] };

type Case = {
  name: string;
  key: Partial<KeyRecord> | null;
  request?: DecideRequest;
  now?: number;
  inOrg?: boolean;
  code: VerifyCode;
};

const cases: Case[] = [
  { name: "unknown secret", key: null, code: "NOT_FOUND" },
  { name: "active key, nothing required", key: {}, code: "VALID" },
  { name: "secondary secret", key: { slot: "secondary" }, code: "VALID" },
  { name: "one permission held", key: {}, request: { permissions: "nodes:add" }, code: "VALID" },
  {
    name: "all permissions held",
    key: {},
    request: { permissions: ["nodes:add", "catalog:register"] },
    code: "VALID",
  },
  { name: "empty permission list", key: {}, request: { permissions: [] }, code: "VALID" },
  {
    name: "missing permission",
    key: {},
    request: { permissions: "keys:manage" },
    code: "INSUFFICIENT_PERMISSIONS",
  },
  {
    name: "one of two missing",
    key: {},
    request: { permissions: ["nodes:add", "keys:manage"] },
    code: "INSUFFICIENT_PERMISSIONS",
  },
  {
    name: "permission names are case-sensitive",
    key: {},
    request: { permissions: "NODES:ADD" },
    code: "INSUFFICIENT_PERMISSIONS",
  },
  { name: "revoked", key: { state: "revoked" }, code: "REVOKED" },
  { name: "disabled", key: { state: "disabled" }, code: "DISABLED" },
  { name: "unknown state fails closed", key: { state: "archived" }, code: "DISABLED" },
  { name: "expired a millisecond ago", key: { expiresAt: new Date(NOW - 1) }, code: "EXPIRED" },
  { name: "expires this very millisecond", key: { expiresAt: new Date(NOW) }, code: "VALID" },
  {
    name: "ip inside range",
    key: { allowedCidrs: ["10.0.0.0/8"] },
    request: { ip: "10.1.2.3" },
    code: "VALID",
  },
  {
    name: "ipv6 inside range",
    key: { allowedCidrs: ["2001:db8::/32"] },
    request: { ip: "2001:db8::1" },
    code: "VALID",
  },
  {
    name: "ip outside range",
    key: { allowedCidrs: ["10.0.0.0/8"] },
    request: { ip: "192.0.2.1" },
    code: "IP_NOT_ALLOWED",
  },
  {
    name: "no ip but ranges set (fail closed)",
    key: { allowedCidrs: ["10.0.0.0/8"] },
    code: "IP_NOT_ALLOWED",
  },
  {
    name: "garbage ip",
    key: { allowedCidrs: ["10.0.0.0/8"] },
    request: { ip: "10.0.0.1\u0000" },
    code: "IP_NOT_ALLOWED",
  },
  {
    name: "cidr list stored as JSON text",
    key: { allowedCidrs: '["10.0.0.0/8"]' },
    request: { ip: "10.0.0.9" },
    code: "VALID",
  },
  {
    name: "unreadable cidr list fails closed",
    key: { allowedCidrs: ["not a range"] },
    request: { ip: "10.0.0.9" },
    code: "IP_NOT_ALLOWED",
  },
  { name: "system key, own id", key: systemKey, request: { system: "sys_pay" }, code: "VALID" },
  { name: "system key, own slug", key: systemKey, request: { system: "payments" }, code: "VALID" },
  { name: "system key, no system asked", key: systemKey, code: "VALID" },
  {
    name: "system key, other system",
    key: systemKey,
    request: { system: "sys_other" },
    code: "SYSTEM_NOT_ALLOWED",
  },
  {
    name: "limited org key, listed system",
    key: limitedOrgKey,
    request: { system: "payments" },
    code: "VALID",
  },
  {
    name: "limited org key, other system",
    key: limitedOrgKey,
    request: { system: "billing" },
    code: "SYSTEM_NOT_ALLOWED",
  },
  {
    name: "org key, system of its organization",
    key: {},
    request: { system: "billing" },
    inOrg: true,
    code: "VALID",
  },
  {
    name: "org key, system of another organization",
    key: {},
    request: { system: "billing" },
    inOrg: false,
    code: "SYSTEM_NOT_ALLOWED",
  },
  {
    name: "org key, system not resolved (fail closed)",
    key: {},
    request: { system: "billing" },
    code: "SYSTEM_NOT_ALLOWED",
  },
  // Precedence: revoked > disabled > expired > ip > system > permission.
  {
    name: "revoked beats everything",
    key: { state: "revoked", expiresAt: new Date(NOW - 1), allowedCidrs: ["10.0.0.0/8"], ...systemKey },
    request: { ip: "192.0.2.1", system: "x", permissions: "keys:manage" },
    code: "REVOKED",
  },
  {
    name: "disabled beats expired",
    key: { state: "disabled", expiresAt: new Date(NOW - 1) },
    code: "DISABLED",
  },
  {
    name: "expired beats ip",
    key: { expiresAt: new Date(NOW - 1), allowedCidrs: ["10.0.0.0/8"] },
    request: { ip: "192.0.2.1" },
    code: "EXPIRED",
  },
  {
    name: "ip beats system",
    key: { allowedCidrs: ["10.0.0.0/8"], ...systemKey },
    request: { ip: "192.0.2.1", system: "x" },
    code: "IP_NOT_ALLOWED",
  },
  {
    name: "system beats permission",
    key: systemKey,
    request: { system: "x", permissions: "keys:manage" },
    code: "SYSTEM_NOT_ALLOWED",
  },
  // Rolled secrets: valid up to and including the grace end, then gone.
  { name: "rolled, inside grace", key: { slot: "rolled", graceEndsAt: new Date(NOW + 1000) }, code: "VALID" },
  { name: "rolled, at the grace end", key: { slot: "rolled", graceEndsAt: new Date(NOW) }, code: "VALID" },
  {
    name: "rolled, a millisecond past grace",
    key: { slot: "rolled", graceEndsAt: new Date(NOW - 1) },
    code: "NOT_FOUND",
  },
  { name: "rolled without a grace end", key: { slot: "rolled", graceEndsAt: null }, code: "NOT_FOUND" },
  {
    name: "rolled past grace even if revoked",
    key: { slot: "rolled", state: "revoked", graceEndsAt: new Date(NOW - 1) },
    code: "NOT_FOUND",
  },
  {
    name: "rolled in grace but key revoked",
    key: { slot: "rolled", state: "revoked", graceEndsAt: new Date(NOW + 1) },
    code: "REVOKED",
  },
  { name: "unknown slot fails closed", key: { slot: "spare" }, code: "NOT_FOUND" },
];

describe("decideCode", () => {
  // The unreadable-range case logs one line by design; keep the test output clean.
  beforeAll(() => void vi.spyOn(console, "error").mockImplementation(() => undefined));
  it.each(cases)("$name → $code", ({ key, request, now, inOrg, code }) => {
    expect(decideCode(request ?? {}, key ? entry(key) : null, now ?? NOW, inOrg)).toBe(code);
  });
});

describe("toResult", () => {
  // The public answer for a request, as the verify responses build it.
  const answer = (request: DecideRequest, key: ReturnType<typeof entry> | null) =>
    toResult(key, decideCode(request, key, NOW));

  it("answers a valid key with its identity and sorted permissions", () => {
    expect(answer({}, entry({ systemId: "sys_pay", systemSlug: "payments" }))).toEqual({
      valid: true,
      code: "VALID",
      keyId: "key_1",
      organizationId: "org_1",
      systemId: "sys_pay",
      permissions: ["catalog:register", "nodes:add"],
      expiresAt: new Date(NOW + 24 * HOUR).toISOString(),
    });
  });

  it("names a refused live key and shows its permissions", () => {
    const result = answer({ permissions: "keys:manage" }, entry());
    expect(result).toMatchObject({ valid: false, code: "INSUFFICIENT_PERMISSIONS", keyId: "key_1" });
    expect(result.permissions).toEqual(["catalog:register", "nodes:add"]);
  });

  it.each(["revoked", "disabled"])("hides the permissions of a %s key", (state) => {
    const result = answer({}, entry({ state }));
    expect(result).toMatchObject({ valid: false, keyId: "key_1", permissions: [] });
  });

  it("says nothing about an unknown or rolled-out secret", () => {
    const empty = {
      valid: false,
      code: "NOT_FOUND",
      keyId: null,
      organizationId: null,
      systemId: null,
      permissions: [],
      expiresAt: null,
    };
    expect(answer({}, null)).toEqual(empty);
    expect(answer({}, entry({ slot: "rolled", graceEndsAt: new Date(NOW - 1) }))).toEqual(empty);
  });

  it("asks the caller to resolve a system only for an unrestricted organization key", () => {
    expect(needsSystemResolution(entry(), "billing")).toBe(true);
    expect(needsSystemResolution(entry(), undefined)).toBe(false);
    expect(needsSystemResolution(entry(systemKey), "billing")).toBe(false);
    expect(needsSystemResolution(entry(limitedOrgKey), "billing")).toBe(false);
  });
});
