import { describe, expect, it } from "vitest";
import { validatePassword } from "./password";
import { changePasswordSchema, newPasswordSchema, setPasswordSchema } from "./password-schemas";

// The form schema runs in the browser, validatePassword on the server: they must agree.
describe("newPasswordSchema mirrors validatePassword", () => {
  it.each([
    ["empty", ""],
    ["9 characters", "x".repeat(9)],
    ["10 characters", "x".repeat(10)],
    ["200 characters", "x".repeat(200)],
    ["201 characters", "x".repeat(201)],
    ["9 emoji", "🔑".repeat(9)],
    ["10 emoji", "🔑".repeat(10)],
    ["200 emoji", "🔑".repeat(200)],
    ["201 emoji", "🔑".repeat(201)],
    ["decomposed accents", "e\u0301".repeat(10)],
    ["full-width digits", "１２３４５６７８９０"],
    ["a passphrase", "correct horse battery staple"],
  ])("agrees on %s", (_name, password) => {
    expect(newPasswordSchema.safeParse(password).success).toBe(validatePassword(password).ok);
  });
});

describe("password forms", () => {
  const token = "A".repeat(43);

  it("set-password: needs a well-formed token and matching passwords", () => {
    expect(
      setPasswordSchema.safeParse({ token, password: "long enough!", confirmPassword: "long enough!" })
        .success,
    ).toBe(true);
    const mismatch = setPasswordSchema.safeParse({
      token,
      password: "long enough!",
      confirmPassword: "other",
    });
    expect(mismatch.error?.issues[0]).toMatchObject({
      path: ["confirmPassword"],
      message: "Passwords do not match.",
    });
    for (const bad of ["", "A".repeat(42), "A".repeat(44), `${"A".repeat(42)}/`, `${"A".repeat(42)}=`]) {
      expect(
        setPasswordSchema.safeParse({ token: bad, password: "long enough!", confirmPassword: "long enough!" })
          .success,
      ).toBe(false);
    }
    expect(
      setPasswordSchema.safeParse({
        token,
        password: "x".repeat(12),
        confirmPassword: "x".repeat(12),
        extra: 1,
      }).success,
    ).toBe(false);
  });

  it("change-password: needs the current password and a different new one", () => {
    const ok = {
      currentPassword: "old password",
      newPassword: "new password!",
      confirmPassword: "new password!",
    };
    expect(changePasswordSchema.safeParse(ok).success).toBe(true);
    expect(changePasswordSchema.safeParse({ ...ok, currentPassword: "" }).error?.issues[0]?.path).toEqual([
      "currentPassword",
    ]);
    const same = changePasswordSchema.safeParse({
      ...ok,
      newPassword: "old password",
      confirmPassword: "old password",
    });
    expect(same.error?.issues[0]).toMatchObject({
      path: ["newPassword"],
      message: expect.stringContaining("different"),
    });
  });
});
