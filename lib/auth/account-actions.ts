"use server";

import { revalidatePath } from "next/cache";
import { defineUserAction } from "@/lib/actions/define-user-action";
import { changePassword } from "@/lib/auth/change-password";
import { changePasswordSchema } from "@/lib/auth/password-schemas";
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  removeTotp,
} from "@/lib/auth/totp-enrolment";
import {
  beginTotpEnrolmentSchema,
  confirmTotpEnrolmentSchema,
  regenerateRecoveryCodesSchema,
  removeTotpSchema,
} from "@/lib/auth/totp-schemas";
import { requestRelyingParty } from "@/lib/auth/webauthn-rp";

// The signed-in user's own account: the password and the authenticator app.
// The current password is the step-up for a new one; other sessions end.
export const changePasswordAction = defineUserAction({
  name: "account.password.change",
  schema: changePasswordSchema,
  run: (user, input, meta) => changePassword(user, input, meta),
});

// The authenticator app. The enrolment secret is returned once, to the browser
// that asked for it; it is never part of any page's data.
const SECURITY_PAGE = "/account/security";

export const beginTotpEnrolmentAction = defineUserAction({
  name: "account.totp.begin",
  schema: beginTotpEnrolmentSchema,
  run: (user) => beginTotpEnrolment(user),
});

export const confirmTotpEnrolmentAction = defineUserAction({
  name: "account.totp.confirm",
  schema: confirmTotpEnrolmentSchema,
  // No revalidation here: the page would swap the set-up dialog for the removal one while the
  // recovery codes are still on screen. The browser refreshes once they are saved.
  run: (user, input, meta) => confirmTotpEnrolment(user, input.code, meta),
});

export const removeTotpAction = defineUserAction({
  name: "account.totp.remove",
  schema: removeTotpSchema,
  async run(user, input, meta) {
    await removeTotp(user, input.code, meta, await requestRelyingParty());
    revalidatePath(SECURITY_PAGE);
    return { removed: true };
  },
});

// New recovery codes need a fresh authenticator code; they are returned once, to this browser.
export const regenerateRecoveryCodesAction = defineUserAction({
  name: "account.recoveryCodes.regenerate",
  schema: regenerateRecoveryCodesSchema,
  async run(user, input, meta) {
    const result = await regenerateRecoveryCodes(user, input.totpCode, meta, await requestRelyingParty());
    revalidatePath(SECURITY_PAGE);
    return result;
  },
});
