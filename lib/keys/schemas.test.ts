import { describe, expect, it } from "vitest";
import { updateKeyPolicySchema } from "@/lib/orgs/settings-schemas";
import { allowedCidrsJsonSchema, expiryJsonSchema } from "./field-schemas";
import {
  createKeySchema,
  regenerateSecretSchema,
  rollKeySchema,
  updateKeySchema,
  viewSecretSchema,
} from "./schemas";

const ORG = "org_1";

function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("createKeySchema", () => {
  it("fills defaults for a minimal form", () => {
    expect(createKeySchema.parse({ organizationId: ORG, label: " ci-runner " })).toEqual({
      organizationId: ORG,
      systemId: null,
      label: "ci-runner",
      description: "",
      permissions: [],
      allowedCidrs: [],
      expiry: undefined,
      withSecondary: false,
      customSecret: undefined,
      systemLimits: [],
      ratelimits: [],
      credits: null,
      meta: null,
      externalId: null,
    });
  });

  it.each([
    ["an empty label", { label: "  " }, "label", "Enter a label."],
    ["a long label", { label: "x".repeat(101) }, "label", "Label must be at most 100 characters."],
    [
      "a long description",
      { description: "x".repeat(501) },
      "description",
      "Description must be at most 500 characters.",
    ],
    [
      "a bad IP range",
      { allowedCidrs: "10.0.0.0/8\n300.1.1.1" },
      "allowedCidrs",
      "“300.1.1.1”: Not a valid IPv4 or IPv6 address or CIDR range.",
    ],
    [
      "a bad IPv4 prefix",
      { allowedCidrs: "10.0.0.0/33" },
      "allowedCidrs",
      "“10.0.0.0/33”: IPv4 prefix length must be a whole number from 0 to 32.",
    ],
    ["text expiry", { expiry: "soon" }, "expiry", "Enter a date or a number of days."],
    ["zero days", { expiry: "0" }, "expiry", "Lifetime must be a whole number of days."],
    ["a number of days (forms hold text)", { expiry: 7 }, "expiry", "Enter a date or a number of days."],
    ["a Date (forms hold text)", { expiry: new Date() }, "expiry", "Enter a date or a number of days."],
    [
      "a list of IP ranges (forms hold text)",
      { allowedCidrs: ["10.0.0.0/8"] },
      "allowedCidrs",
      "Enter IP ranges such as 10.0.0.0/8 or 2001:db8::/32.",
    ],
    ["not a date", { expiry: "2027-02-01x" }, "expiry", "Enter a date or a number of days."],
    ["an impossible date", { expiry: "2027-02-31" }, "expiry", "Enter a valid date."],
    ["an object expiry", { expiry: { weeks: 2 } }, "expiry", "Enter a date or a number of days."],
    [
      "a weak custom secret",
      { customSecret: "alllowercase" },
      "customSecret",
      "Custom secret is too easy to guess: it needs at least 128 bits, e.g. 20 random characters mixing lower and upper case letters, digits and symbols, or 22 random letters and digits.",
    ],
    [
      "a reserved prefix",
      { customSecret: "kp_Abcdefgh123" },
      "customSecret",
      expect.stringContaining("reserved for generated keys"),
    ],
    ["a non-boolean secondary", { withSecondary: "maybe" }, "withSecondary", "Choose yes or no."],
    ["a switch sent as text", { withSecondary: "on" }, "withSecondary", "Choose yes or no."],
    [
      "permission as text",
      { permissions: "nodes:add" },
      "permissions",
      "Choose permissions from the catalog.",
    ],
    ["an unknown field", { state: "active" }, "", expect.stringContaining("state")],
  ])("refuses %s with a field message", (_case, patch, field, message) => {
    const result = createKeySchema.safeParse({ organizationId: ORG, label: "k", ...patch });
    expect(result.success).toBe(false);
    expect(issues(result)[field]).toEqual(message);
  });

  it("parses what the form holds: text, lists and a switch", () => {
    const parsed = createKeySchema.parse({
      organizationId: ORG,
      systemId: "",
      label: "k",
      allowedCidrs: "10.1.2.3/8, 2001:DB8::/32\n10.0.0.0/8",
      expiry: "30",
      withSecondary: true,
      customSecret: "",
      permissions: ["nodes:add", "catalog:register", "nodes:add"],
    });
    expect(parsed).toMatchObject({
      systemId: null,
      allowedCidrs: ["10.0.0.0/8", "2001:db8::/32"],
      expiry: { days: 30 },
      withSecondary: true,
      customSecret: undefined,
      permissions: ["catalog:register", "nodes:add"],
    });
    expect(createKeySchema.parse({ organizationId: ORG, label: "k", expiry: "2027-03-01" }).expiry).toEqual({
      date: new Date("2027-03-01T00:00:00.000Z"),
    });
    expect(createKeySchema.parse({ organizationId: ORG, label: "k", expiry: "" }).expiry).toBeUndefined();
  });

  it("reads nothing but raw form values: its own output is refused", () => {
    const once = createKeySchema.parse({
      organizationId: ORG,
      label: "k",
      expiry: "2027-03-01",
      allowedCidrs: "10.0.0.1",
      ratelimits: [{ name: "requests", limit: "100", durationMs: "60000", autoApply: true }],
      credits: { remaining: "10", refill: { interval: "monthly", amount: "10", day: "" } },
      meta: '{"plan":"pro"}',
    });
    expect(issues(createKeySchema.safeParse(once))).toEqual({
      expiry: "Enter a date or a number of days.",
      allowedCidrs: "Enter IP ranges such as 10.0.0.0/8 or 2001:db8::/32.",
      "ratelimits.0.limit": "A limit is a whole number of requests from 1 to 1,000,000,000.",
      "ratelimits.0.durationMs": "A window is a whole number of milliseconds from 1 second to 31 days.",
      "credits.remaining": "Credits are a whole number from 0 to 1,000,000,000.",
      "credits.refill.amount": "A refill is a whole number of credits from 1 to 1,000,000,000.",
      "credits.refill.day": "A monthly refill day is from 1 to 31 (the month's last day when it is shorter).",
      meta: "Metadata is a JSON object.",
    });
  });
});

describe("the REST API's JSON variants", () => {
  it("take a number of days, or the form's text, for the expiry", () => {
    expect(expiryJsonSchema.parse(90)).toEqual({ days: 90 });
    expect(expiryJsonSchema.parse("90")).toEqual({ days: 90 });
    expect(expiryJsonSchema.parse("2027-03-01")).toEqual({ date: new Date("2027-03-01T00:00:00.000Z") });
    expect(expiryJsonSchema.parse(undefined)).toBeUndefined();
    for (const days of [0, 1.5, -3]) {
      expect(issues(expiryJsonSchema.safeParse(days))).toEqual({
        "": "Lifetime must be a whole number of days.",
      });
    }
    expect(issues(expiryJsonSchema.safeParse({ days: 3 }))).toEqual({
      "": "Enter a date or a number of days.",
    });
  });

  it("take a list, or the form's text, for the IP ranges", () => {
    expect(allowedCidrsJsonSchema.parse(["10.1.2.3/8", "2001:DB8::/32"])).toEqual([
      "10.0.0.0/8",
      "2001:db8::/32",
    ]);
    expect(allowedCidrsJsonSchema.parse("10.1.2.3/8 2001:DB8::/32")).toEqual(["10.0.0.0/8", "2001:db8::/32"]);
    expect(issues(allowedCidrsJsonSchema.safeParse(["10.0.0.0/33"]))).toEqual({
      "": "“10.0.0.0/33”: IPv4 prefix length must be a whole number from 0 to 32.",
    });
    expect(issues(allowedCidrsJsonSchema.safeParse(42))).toEqual({
      "": "Enter IP ranges such as 10.0.0.0/8 or 2001:db8::/32.",
    });
  });
});

describe("updateKeyPolicySchema", () => {
  const policy = {
    organizationId: ORG,
    defaultLifetimeDays: " 90 ",
    minLifetimeDays: "1",
    maxLifetimeDays: "730",
    allowCustomSecrets: false,
    retrievableSecrets: true,
    totpCode: "123456",
  };

  it("reads the number fields' text as whole days", () => {
    expect(updateKeyPolicySchema.parse(policy)).toEqual({
      ...policy,
      defaultLifetimeDays: 90,
      minLifetimeDays: 1,
      maxLifetimeDays: 730,
    });
  });

  it.each([
    ["empty", ""],
    ["a fraction", "1.5"],
    ["negative", "-1"],
    ["a number (fields hold text)", 90],
  ])("refuses a lifetime that is %s", (_case, value) => {
    expect(issues(updateKeyPolicySchema.safeParse({ ...policy, defaultLifetimeDays: value }))).toEqual({
      defaultLifetimeDays: "Default lifetime must be a whole number of days.",
    });
  });

  it("refuses a switch sent as text", () => {
    expect(issues(updateKeyPolicySchema.safeParse({ ...policy, allowCustomSecrets: "on" }))).toEqual({
      allowCustomSecrets: "Choose yes or no.",
    });
  });
});

describe("updateKeySchema", () => {
  it("needs a version and leaves omitted fields out", () => {
    expect(updateKeySchema.parse({ keyId: "k1", expectedVersion: 3, label: "new" })).toEqual({
      keyId: "k1",
      expectedVersion: 3,
      label: "new",
    });
    for (const expectedVersion of ["x", "3", 0, 1.5]) {
      expect(issues(updateKeySchema.safeParse({ keyId: "k1", expectedVersion }))).toEqual({
        expectedVersion: "Reload the key and try again.",
      });
    }
    for (const expiresAt of ["next week", "2027-02-29", "2027-04-31T10:00:00Z", new Date()]) {
      expect(issues(updateKeySchema.safeParse({ keyId: "k1", expectedVersion: 1, expiresAt }))).toEqual({
        expiresAt: "Enter a valid date.",
      });
    }
    expect(
      updateKeySchema.parse({ keyId: "k1", expectedVersion: 1, expiresAt: "2028-02-29" }).expiresAt,
    ).toEqual(new Date("2028-02-29T00:00:00.000Z"));
  });
});

describe("step-up schemas", () => {
  it("normalizes a typed code and refuses anything but six digits", () => {
    const base = { keyId: "k1", slot: "primary" };
    expect(viewSecretSchema.parse({ ...base, totpCode: "123 456" }).totpCode).toBe("123456");
    for (const code of ["12345", "1234567", "abcdef", ""]) {
      expect(issues(viewSecretSchema.safeParse({ ...base, totpCode: code }))).toEqual({
        totpCode: "Enter the 6-digit code from your authenticator app.",
      });
    }
  });

  it("takes the grace presets or a date, and nothing else", () => {
    const base = { keyId: "k1", expectedVersion: 1, totpCode: "123456" };
    expect(rollKeySchema.parse({ ...base, grace: "24h" }).grace).toBe("24h");
    expect(rollKeySchema.parse({ ...base, grace: { until: "2027-01-01T10:00:00Z" } }).grace).toEqual({
      until: new Date("2027-01-01T10:00:00Z"),
    });
    expect(issues(rollKeySchema.safeParse({ ...base, grace: "2w" }))).toEqual({
      grace: "Choose when the old secret stops working: now, 1 hour, 24 hours, 7 days or a date.",
    });
  });

  it("refuses a slot other than primary or secondary", () => {
    const result = regenerateSecretSchema.safeParse({
      keyId: "k1",
      slot: "rolled",
      confirmLabel: "k",
      totpCode: "123456",
    });
    expect(issues(result)).toEqual({ slot: "Choose the primary or the secondary secret." });
  });
});
