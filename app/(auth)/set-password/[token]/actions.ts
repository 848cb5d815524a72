"use server";

import { definePublicAction } from "@/lib/actions/define-user-action";
import { signIn } from "@/lib/auth/auth";
import { setPasswordSchema } from "@/lib/auth/password-schemas";
import { setPasswordWithToken } from "@/lib/auth/set-password";

// Public: the one-time token is the credential. Setting the password ends every session of the
// account, then signs this browser in with the new password.
export const setPasswordAction = definePublicAction({
  name: "auth.setPassword",
  schema: setPasswordSchema,
  async run(input, meta) {
    const { email } = await setPasswordWithToken(input, meta);
    return { redirectTo: (await signInWith(email, input.password)) ? "/" : "/sign-in" };
  },
});

/** The password is set either way; a refused sign-in (a throttled address) just sends them to sign in. */
async function signInWith(email: string, password: string): Promise<boolean> {
  try {
    const url = await signIn("credentials", { email, password, redirect: false });
    return !new URL(String(url), "http://local").searchParams.has("error");
  } catch (error) {
    if (isCredentialsSignin(error)) return false;
    throw error;
  }
}

/** Auth.js's CredentialsSignin (and subclasses) carry this type; checked structurally, no import needed. */
function isCredentialsSignin(error: unknown): boolean {
  return error instanceof Error && "type" in error && error.type === "CredentialsSignin";
}
