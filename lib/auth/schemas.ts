import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import {
  newPasswordSchema,
  PASSWORD_FORM_MESSAGES,
  setPasswordTokenSchema,
} from "@/lib/auth/password-schemas";
import { PASSWORD_MAX_UNITS } from "@/lib/auth/password-policy";
import { secondFactorCodeSchema } from "@/lib/auth/totp-schemas";
import { organizationNameSchema } from "@/lib/orgs/schemas";

// Set-up and sign-in. Shared by the forms (zodResolver) and the server (parsed again); messages
// are the UI's.
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

/** A person's display name (set-up, adding a member). */
const personNameSchema = plainText(z.string().trim().max(100, "Name must be at most 100 characters."));

export const setupSchema = z
  .strictObject({
    name: personNameSchema.min(1, "Enter your name."),
    email: emailSchema,
    password: newPasswordSchema,
    confirmPassword: z.string(),
    organizationName: organizationNameSchema,
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "Passwords do not match.",
  });
export type SetupInput = z.infer<typeof setupSchema>;

export const signInSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_UNITS, PASSWORD_FORM_MESSAGES.tooLong),
  callbackUrl: z.string().max(500).optional(),
  /** The second step, for an account with an authenticator: its code or a recovery code. */
  code: secondFactorCodeSchema.optional(),
});

/** Accepting an invitation without an account: a name and a password make the account. */
export const acceptInvitationSchema = z
  .strictObject({
    token: setPasswordTokenSchema,
    name: personNameSchema.min(1, "Enter your name."),
    password: newPasswordSchema,
    confirmPassword: z.string().max(PASSWORD_MAX_UNITS),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: PASSWORD_FORM_MESSAGES.mismatch,
  });
