"use server";

import { z } from "zod";
import { definePublicAction, defineUserAction } from "@/lib/actions/define-user-action";
import { signIn, signOut } from "@/lib/auth/auth";
import { setPasswordSchema } from "@/lib/auth/password-schemas";
import { acceptInvitationAsNewAccount } from "@/lib/members/invitations";
import { revokeSession } from "@/lib/auth/session-rows";
import { setPasswordWithToken } from "@/lib/auth/set-password";
import { AppError } from "@/lib/errors";
import { acceptInvitationSchema, signInSchema, setupSchema } from "@/lib/auth/schemas";
import { completeSetup } from "@/lib/orgs/setup";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";
import { stepUpFailureError, totpFailureError } from "@/lib/auth/step-up";
import type { PasskeyFailure } from "@/lib/auth/webauthn";

// Signing in and out: the set-up page, the sign-in page, a set-password link and the user menu.
// All but sign-out are public: the form's credentials (or the one-time token) are the proof.

export const signOutAction = defineUserAction({
  name: "auth.signOut",
  schema: z.strictObject({}),
  async run(user) {
    // Revoke the server-side session first: even a copied JWT stops working.
    await revokeSession(user.sessionId);
    await signOut({ redirect: false });
    return { redirectTo: "/sign-in" };
  },
});

const SSO_REQUIRED_MESSAGE =
  "Your organization requires single sign-on: use the single sign-on button. Owners sign in with a password only when they have a second factor.";

/**
 * Two steps for an account with an authenticator or a passkey: the password answers `codeRequired`
 * (no session yet), then the form sends the password again with the code (or the passkey's answer);
 * only then is a session created.
 */
export const signInAction = definePublicAction({
  name: "auth.signIn",
  schema: signInSchema,
  async run(input): Promise<{ redirectTo: string } | { codeRequired: true }> {
    const refused = await signInWithPassword(input.email, input.password, input.code);
    if (refused === "totp_required") return { codeRequired: true };
    if (refused === "locked") {
      throw new AppError("RATE_LIMITED", "Too many failed sign-ins. Wait a few minutes and try again.");
    }
    const codeFailure = refused?.startsWith("totp_") ? refused.slice("totp_".length) : null;
    if (
      codeFailure === "invalid" ||
      codeFailure === "replayed" ||
      codeFailure === "throttled" ||
      codeFailure === "locked"
    )
      throw totpFailureError(codeFailure, "code");
    if (codeFailure?.startsWith("passkey_")) throw stepUpFailureError(codeFailure as PasskeyFailure, "code");
    if (refused === "sso_required") throw new AppError("FORBIDDEN", SSO_REQUIRED_MESSAGE);
    if (refused) throw new AppError("UNAUTHENTICATED", "The email or password is not correct.");
    return { redirectTo: safeCallbackPath(input.callbackUrl) };
  },
});

export const setupAction = definePublicAction({
  name: "auth.setup",
  schema: setupSchema,
  async run(input, meta) {
    const org = await completeSetup(input, meta);
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    return { redirectTo: `/orgs/${org.slug}` };
  },
});

// Setting the password ends every session of the account, then signs this browser in with the
// new password.
export const setPasswordAction = definePublicAction({
  name: "auth.setPassword",
  schema: setPasswordSchema,
  async run(input, meta) {
    const { email } = await setPasswordWithToken(input, meta);
    const refused = await signInWithPassword(email, input.password);
    // The password is set either way; a refused sign-in (a throttled address) just sends them to sign in.
    return { redirectTo: refused === null ? "/" : "/sign-in" };
  },
});

// An invitee without an account accepts their invitation: the account, its membership and the
// accepted invitation are written together (lib/members/invitations.ts), then this browser signs in.
export const acceptInvitationAction = definePublicAction({
  name: "auth.acceptInvitation",
  schema: acceptInvitationSchema,
  async run(input, meta) {
    const { email, organizationSlug } = await acceptInvitationAsNewAccount(input, meta);
    const refused = await signInWithPassword(email, input.password);
    return { redirectTo: refused === null ? `/orgs/${organizationSlug}` : "/sign-in" };
  },
});

/**
 * Auth.js reports a refused sign-in by throwing (or, in some versions, in the redirect URL):
 * the refusal's code, or null when signed in.
 */
async function signInWithPassword(email: string, password: string, code?: string): Promise<string | null> {
  try {
    const url = await signIn("credentials", { email, password, ...(code ? { code } : {}), redirect: false });
    const params = new URL(String(url), "http://local").searchParams;
    return params.has("error") ? (params.get("code") ?? "credentials") : null;
  } catch (error) {
    if (isCredentialsSignin(error)) return typeof error.code === "string" ? error.code : "credentials";
    throw error;
  }
}

/**
 * Auth.js's CredentialsSignin (and subclasses) carry this type; checked structurally, so this
 * module does not load next-auth itself (lib/auth/auth.ts does).
 */
function isCredentialsSignin(error: unknown): error is Error & { code?: unknown } {
  return error instanceof Error && "type" in error && error.type === "CredentialsSignin";
}
