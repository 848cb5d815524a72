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
