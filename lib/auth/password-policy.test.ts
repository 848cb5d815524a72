import { describe, expect, it } from "vitest";
import { setupSchema, signInSchema } from "@/lib/auth/schemas";
import { passwordPolicyProblem } from "./password-policy";

// Length is what a person types: one emoji, one accented letter (composed or not) is one character.
describe("the password policy counts what a person types", () => {
  it.each<[string, string, ReturnType<typeof passwordPolicyProblem>]>([
    ["10 letters", "abcdefghij", null],
    ["9 letters", "abcdefghi", "tooShort"],
    ["5 emoji (10 UTF-16 units)", "🔑".repeat(5), "tooShort"],
    ["10 emoji", "🔑".repeat(10), null],
    ["10 decomposed accents (20 units)", "e\u0301".repeat(10), null],
    ["9 decomposed accents (18 units)", "e\u0301".repeat(9), "tooShort"],
    ["200 emoji (400 units)", "🔑".repeat(200), null],
    ["201 emoji", "🔑".repeat(201), "tooLong"],
    ["201 letters", "a".repeat(201), "tooLong"],
  ])("%s", (_name, password, problem) => {
    expect(passwordPolicyProblem(password)).toBe(problem);
  });

  const setup = (password: string) =>
    setupSchema.safeParse({
      name: "Ada",
      email: "ada@example.test",
      password,
      confirmPassword: password,
      organizationName: "Acme",
    }).success;

  it("holds for the first-run set-up (and the CLI bootstrap that shares its schema)", () => {
    expect(setup("🔑".repeat(5))).toBe(false);
    // Nine accented letters typed as letter + combining accent: 18 code points, 9 characters.
    expect(setup("e\u0301".repeat(9))).toBe(false);
    expect(setup("🔑".repeat(10))).toBe(true);
    expect(setup("🔑".repeat(200))).toBe(true);
    expect(setup("a".repeat(201))).toBe(false);
  });

  it("lets every password the policy allows sign in", () => {
    const signIn = (password: string) =>
      signInSchema.safeParse({ email: "ada@example.test", password }).success;
    expect(signIn("🔑".repeat(200))).toBe(true);
    // 150 characters the policy allowed, typed decomposed: 300 code points.
    expect(signIn("e\u0301".repeat(150))).toBe(true);
  });
});
