import { describe, expect, it } from "vitest";
import { can, ORG_ROLES } from "./permissions";

// Rules that cores rely on instead of re-checking a role they are not given (Ctx carries no roles).

describe("the permission table", () => {
  it("lets whoever may create a system manage its keys (createSystemWithKey makes its first key)", () => {
    const creators = ORG_ROLES.filter((orgRole) => can({ orgRole }, "systems:create"));
    expect(creators.length).toBeGreaterThan(0);
    expect(creators.filter((orgRole) => !can({ orgRole }, "system-keys:manage"))).toEqual([]);
  });
});

describe("what a role may read", () => {
  it("shows the settings page to whoever may read keys, and not to a member", () => {
    const readers = ORG_ROLES.filter((orgRole) => can({ orgRole }, "settings:read"));
    expect(readers).toEqual(ORG_ROLES.filter((orgRole) => can({ orgRole }, "org-keys:read")));
    expect(can({ orgRole: "member" }, "settings:read")).toBe(false);
    // A system admin still creates keys (the dialog carries policy and catalog), without the page.
    expect(can({ orgRole: "member", systemRole: "admin" }, "settings:read")).toBe(false);
  });
});
