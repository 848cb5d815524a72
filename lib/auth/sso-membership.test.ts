import { describe, expect, it } from "vitest";
import { claimValues, mappedRole } from "./sso-membership";

const mappings = [
  { value: "keyplane-owners", role: "owner" },
  { value: "keyplane-auditors", role: "auditor" },
  { value: "keyplane-members", role: "member" },
];

describe("SSO claim → role", () => {
  it("reads a list claim, a single-string claim, and nothing else", () => {
    expect(claimValues({ groups: ["a", 1, "b", null] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(claimValues({ groups: { a: true } }, "groups")).toEqual([]);
    expect(claimValues({}, "groups")).toEqual([]);
  });

  it("gives the highest mapped role, or none when no value maps", () => {
    expect(mappedRole(["keyplane-members", "keyplane-auditors"], mappings)).toBe("auditor");
    expect(mappedRole(["keyplane-auditors", "keyplane-owners"], mappings)).toBe("owner");
    expect(mappedRole(["Keyplane-Owners", "other"], mappings)).toBeNull();
    expect(mappedRole([], mappings)).toBeNull();
    expect(mappedRole(["x"], [{ value: "x", role: "superuser" }])).toBeNull();
  });
});
