"use server";

import { definePublicAction } from "@/lib/actions/define-user-action";
import { signIn } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors";
import { signInSchema } from "@/lib/orgs/schemas";
import { safeCallbackPath } from "@/lib/server/safe-redirect";

export const signInAction = definePublicAction({
  name: "auth.signIn",
  schema: signInSchema,
  async run(input) {
    const url = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    const code = new URL(url, "http://local").searchParams.get("code");
    const failed = new URL(url, "http://local").searchParams.get("error");
    if (code === "locked") {
      throw new AppError("RATE_LIMITED", "Too many failed sign-ins. Wait 15 minutes and try again.");
    }
    if (failed) throw new AppError("UNAUTHENTICATED", "The email or password is not correct.");
    return { redirectTo: safeCallbackPath(input.callbackUrl) };
  },
});
