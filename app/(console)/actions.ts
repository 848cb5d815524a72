"use server";

import { z } from "zod";
import { defineUserAction } from "@/lib/actions/define-user-action";
import { signOut } from "@/lib/auth/auth";
import { revokeSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { createOrganization } from "@/lib/orgs/organizations";
import { createOrganizationSchema } from "@/lib/orgs/schemas";
import { rememberOrganization } from "@/lib/orgs/active-organization";

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

export const createOrganizationAction = defineUserAction({
  name: "organization.create",
  schema: createOrganizationSchema,
  async run(user, input, meta) {
    const org = await getDb().$transaction((tx) => createOrganization(user, input, meta, tx));
    await rememberOrganization(user, org.id);
    return { slug: org.slug };
  },
});
