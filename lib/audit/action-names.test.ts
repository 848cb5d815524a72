import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditActionLabel, isAuditAction } from "./action-names";

// Every writer takes an AuditAction (writeAudit, recordKeyChange, auditAccountChange), so an action
// written anywhere is a key of AUDIT_ACTIONS or the build fails; these tests keep the list tidy.
describe("audit actions", () => {
  it("names each action <subject>.<verb> and labels each one differently", () => {
    for (const action of Object.keys(AUDIT_ACTIONS)) expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
    const labels = Object.values(AUDIT_ACTIONS).map((a) => a.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("labels a known action and shows an unknown stored one as it is", () => {
    expect(auditActionLabel("key.rolled")).toBe("Key rolled");
    expect(auditActionLabel("something.else")).toBe("something.else");
    expect(isAuditAction("toString")).toBe(false);
  });
});
