"use server";

import { CredentialsSignin } from "next-auth";
import { definePublicAction } from "@/lib/actions/define-user-action";
import { signIn } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors";
import { signInSchema } from "@/lib/orgs/schemas";
import { safeCallbackPath } from "@/lib/server/safe-redirect";

/** Auth.js reports a refused sign-in by throwing (or, in some versions, in the redirect URL). */
async function signInWithPassword(email: string, password: string): Promise<string | null> {
  try {
    const url = await signIn("credentials", { email, password, redirect: false });
    const params = new URL(String(url), "http://local").searchParams;
    return params.get("error") ? (params.get("code") ?? "credentials") : null;
  } catch (error) {
    if (error instanceof CredentialsSignin) return error.code;
    throw error;
  }
}

export const signInAction = definePublicAction({
  name: "auth.signIn",
  schema: signInSchema,
  async run(input) {
    const refused = await signInWithPassword(input.email, input.password);
    if (refused === "locked") {
      throw new AppError("RATE_LIMITED", "Too many failed sign-ins. Wait 15 minutes and try again.");
    }
    if (refused) throw new AppError("UNAUTHENTICATED", "The email or password is not correct.");
    return { redirectTo: safeCallbackPath(input.callbackUrl) };
  },
});
