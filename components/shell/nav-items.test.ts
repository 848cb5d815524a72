import { describe, expect, it } from "vitest";
import { navItemsFor } from "./nav-items";

describe("the sidebar by role", () => {
  it("lists every section for an owner, and hides none", () => {
    const { shown, hidden } = navItemsFor("owner");
    expect(shown.map((item) => item.label)).toContain("Settings");
    expect(hidden).toEqual([]);
  });

  it("shows a member only what they may open, and names the rest for the hint", () => {
    const { shown, hidden } = navItemsFor("member");
    expect(shown.map((item) => item.label)).toEqual(["Overview", "Systems", "API"]);
    expect(hidden).toEqual(["Organization keys", "Audit", "Members", "Settings"]);
  });
});
