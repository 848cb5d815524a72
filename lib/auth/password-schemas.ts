import { z } from "zod";

// Password forms (set a password from a link, change it on the account page). Shared by the
// forms and the server. The server applies the authoritative policy again with validatePassword
// (lib/auth/password.ts), which cannot be bundled for the browser (node:crypto); this schema
// mirrors it (length in Unicode code points after NFKC), and a unit test keeps the two in step.

export const NEW_PASSWORD_MIN = 10;
export const NEW_PASSWORD_MAX = 200;

export const PASSWORD_FORM_MESSAGES = {
  tooShort: `Password must be at least ${NEW_PASSWORD_MIN} characters.`,
  tooLong: `Password must be at most ${NEW_PASSWORD_MAX} characters.`,
  mismatch: "Passwords do not match.",
  current: "Enter your current password.",
  same: "Choose a password different from your current one.",
  link: "This link is not valid.",
} as const;

function codePoints(text: string): number {
  return [...text.normalize("NFKC")].length;
}

export const newPasswordSchema = z
  .string({ error: PASSWORD_FORM_MESSAGES.tooShort })
  .max(2 * NEW_PASSWORD_MAX, PASSWORD_FORM_MESSAGES.tooLong)
  .superRefine((value, ctx) => {
    const length = codePoints(value);
    if (length < NEW_PASSWORD_MIN) ctx.addIssue({ code: "custom", message: PASSWORD_FORM_MESSAGES.tooShort });
    else if (length > NEW_PASSWORD_MAX)
      ctx.addIssue({ code: "custom", message: PASSWORD_FORM_MESSAGES.tooLong });
  });

/** 32 random bytes in base64url: exactly 43 characters of the URL-safe alphabet. */
export const setPasswordTokenSchema = z
  .string({ error: PASSWORD_FORM_MESSAGES.link })
  .regex(/^[A-Za-z0-9_-]{43}$/, PASSWORD_FORM_MESSAGES.link);

export const setPasswordSchema = z
  .strictObject({
    token: setPasswordTokenSchema,
    password: newPasswordSchema,
    confirmPassword: z.string().max(2 * NEW_PASSWORD_MAX),
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
    confirmPassword: z.string().max(2 * NEW_PASSWORD_MAX),
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
