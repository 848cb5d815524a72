"use server";

import { definePublicAction } from "@/lib/actions/define-user-action";
import { signIn } from "@/lib/auth/auth";
import { completeSetup } from "@/lib/orgs/setup";
import { setupSchema } from "@/lib/orgs/schemas";

export const setupAction = definePublicAction({
  name: "auth.setup",
  schema: setupSchema,
  async run(input, meta) {
    const org = await completeSetup(input, meta);
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    return { redirectTo: `/orgs/${org.slug}` };
  },
});
