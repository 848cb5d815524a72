import { z } from "zod";
import { PASSWORD_MAX_UNITS, PASSWORD_POLICY_MESSAGES, passwordPolicyProblem } from "./password-policy";

// Password forms (set a password from a link, change it on the account page, first-run set-up).
// Shared by the forms and the server, which applies the same policy (password-policy.ts) again
// with validatePassword.

/** The form's name for the policy's minimum (the forms say it in their field descriptions). */
export { PASSWORD_MIN_LENGTH as NEW_PASSWORD_MIN } from "./password-policy";

export const PASSWORD_FORM_MESSAGES = {
  tooShort: `${PASSWORD_POLICY_MESSAGES.tooShort}.`,
  tooLong: `${PASSWORD_POLICY_MESSAGES.tooLong}.`,
  mismatch: "Passwords do not match.",
  current: "Enter your current password.",
  same: "Choose a password different from your current one.",
  link: "This link is not valid.",
} as const;

export const newPasswordSchema = z
  .string({ error: PASSWORD_FORM_MESSAGES.tooShort })
  .superRefine((value, ctx) => {
    const problem = passwordPolicyProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: PASSWORD_FORM_MESSAGES[problem] });
  });

/** 32 random bytes in base64url: exactly 43 characters of the URL-safe alphabet. */
export const setPasswordTokenSchema = z
  .string({ error: PASSWORD_FORM_MESSAGES.link })
  .regex(/^[A-Za-z0-9_-]{43}$/, PASSWORD_FORM_MESSAGES.link);

export const setPasswordSchema = z
  .strictObject({
    token: setPasswordTokenSchema,
    password: newPasswordSchema,
    confirmPassword: z.string().max(PASSWORD_MAX_UNITS),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: PASSWORD_FORM_MESSAGES.mismatch,
  });
export type SetPasswordInput = z.input<typeof setPasswordSchema>;

export const changePasswordSchema = z
  .strictObject({
    currentPassword: z
      .string({ error: PASSWORD_FORM_MESSAGES.current })
      .min(1, PASSWORD_FORM_MESSAGES.current)
      .max(1024, PASSWORD_FORM_MESSAGES.current),
    newPassword: newPasswordSchema,
    confirmPassword: z.string().max(PASSWORD_MAX_UNITS),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: PASSWORD_FORM_MESSAGES.mismatch,
  })
  .refine((value) => value.newPassword !== value.currentPassword, {
    path: ["newPassword"],
    message: PASSWORD_FORM_MESSAGES.same,
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
