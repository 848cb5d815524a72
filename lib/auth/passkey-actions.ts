"use server";

import { revalidatePath } from "next/cache";
import { definePublicAction, defineUserAction } from "@/lib/actions/define-user-action";
import {
  beginPasskeyRegistration,
  finishPasskeyRegistration,
  passkeyAssertionOptions,
  removePasskey,
} from "@/lib/auth/passkeys";
import {
  beginPasskeyRegistrationSchema,
  finishPasskeyRegistrationSchema,
  passkeySignInOptionsSchema,
  passkeyStepUpOptionsSchema,
  removePasskeySchema,
} from "@/lib/auth/passkey-schemas";
import { requestRelyingParty } from "@/lib/auth/webauthn-rp";

// Passkeys (README, "Passkeys"): the signed-in user's own (add, remove), the options of a step-up
// with one, and the options of the second step of signing in, which names no account.
const SECURITY_PAGE = "/account/security";

export const beginPasskeyRegistrationAction = defineUserAction({
  name: "account.passkey.begin",
  schema: beginPasskeyRegistrationSchema,
  run: async (user) => beginPasskeyRegistration(user, await requestRelyingParty()),
});

export const finishPasskeyRegistrationAction = defineUserAction({
  name: "account.passkey.finish",
  schema: finishPasskeyRegistrationSchema,
  async run(user, input, meta) {
    const passkey = await finishPasskeyRegistration(user, input, meta, await requestRelyingParty());
    revalidatePath(SECURITY_PAGE);
    return passkey;
  },
});

export const removePasskeyAction = defineUserAction({
  name: "account.passkey.remove",
  schema: removePasskeySchema,
  async run(user, input, meta) {
    await removePasskey(user, input, meta, await requestRelyingParty());
    revalidatePath(SECURITY_PAGE);
    return { removed: true };
  },
});

export const passkeyStepUpOptionsAction = defineUserAction({
  name: "account.passkey.stepUpOptions",
  schema: passkeyStepUpOptionsSchema,
  run: async (user) => passkeyAssertionOptions("step_up", user, await requestRelyingParty()),
});

export const passkeySignInOptionsAction = definePublicAction({
  name: "auth.passkeySignInOptions",
  schema: passkeySignInOptionsSchema,
  run: async () => passkeyAssertionOptions("sign_in", null, await requestRelyingParty()),
});
