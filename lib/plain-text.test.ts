import { describe, expect, it } from "vitest";
import { createKeySchema } from "@/lib/keys/schemas";
import { acceptInvitationSchema } from "@/lib/auth/schemas";
import { organizationNameSchema } from "@/lib/orgs/schemas";
import { createSystemSchema } from "@/lib/systems/schemas";
import { CONTROL_CHARACTERS_MESSAGE, isPlainText } from "./plain-text";

describe("plain text", () => {
  it.each(["\u001b", "\n", "\u0000", "\u007f", "\u202e", "\u200b", "\u2066", "\ufeff", "\u00ad"])(
    "refuses %j",
    (char) => expect(isPlainText(`a${char}b`)).toBe(false),
  );

  it("accepts letters of any script, spaces and emoji", () => {
    expect(isPlainText("Kassenschnittstelle – café 日本 🙂")).toBe(true);
  });

  it("is what every name schema asks, with a field error", () => {
    const key = createKeySchema.safeParse({ organizationId: "o", label: "a\u001b[2Jb" });
    expect(key.error?.issues[0]).toMatchObject({ path: ["label"], message: CONTROL_CHARACTERS_MESSAGE });
    const member = acceptInvitationSchema.safeParse({
      token: "A".repeat(43),
      name: "Eve\nAdmin",
      password: "a long enough password",
      confirmPassword: "a long enough password",
    });
    expect(member.error?.issues[0]).toMatchObject({ path: ["name"], message: CONTROL_CHARACTERS_MESSAGE });
    expect(organizationNameSchema.safeParse("Acme\u200b").error?.issues[0]?.message).toBe(
      CONTROL_CHARACTERS_MESSAGE,
    );
    expect(
      createSystemSchema.safeParse({ organizationId: "o", name: "ok", description: "\u0007" }).success,
    ).toBe(false);
  });
});
