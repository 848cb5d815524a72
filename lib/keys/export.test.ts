import { describe, expect, it } from "vitest";
import { parseCsv } from "@/tests/support/csv";
import { keysExport } from "./export";
import type { KeyRow } from "./queries";

function row(label: string): KeyRow {
  return {
    id: "k1",
    label,
    hint: "kp_…a1B2",
    scope: { type: "system", systemId: "s1", systemName: "+payments" },
    permissions: ["nodes:add"],
    state: "active",
    status: "active",
    expired: false,
    expiringSoon: false,
    expiresAt: new Date("2027-01-01T00:00:00Z"),
    createdAt: new Date("2026-12-01T00:00:00Z"),
    createdBy: null,
    lastUsedAt: null,
    version: 1,
    hasSecondary: false,
    systemLimits: [],
    oldSecretInUse: false,
    externalId: null,
    creditsRemaining: null,
  };
}

describe("keysExport", () => {
  it("attack: a label that starts like a formula is not a formula when the CSV is opened in a spreadsheet", () => {
    const csv = keysExport([row('=HYPERLINK("https://evil.test","open")')], "csv");
    const [header, cells] = parseCsv(csv);
    const at = (name: string) => cells?.[header?.indexOf(name) ?? -1];
    expect(at("label")).toBe(`'=HYPERLINK("https://evil.test","open")`);
    expect(at("scope")).toBe("system:+payments");
    expect(at("permissions")).toBe("nodes:add");
  });

  it("exports metadata only, as JSON too", () => {
    const [record] = JSON.parse(keysExport([row("ci runner")], "json")) as Record<string, unknown>[];
    expect(record).toEqual({
      id: "k1",
      label: "ci runner",
      scope: "system:+payments",
      state: "active",
      permissions: "nodes:add",
      hint: "kp_…a1B2",
      createdAt: "2026-12-01T00:00:00.000Z",
      expiresAt: "2027-01-01T00:00:00.000Z",
      lastUsedAt: "",
    });
  });
});
