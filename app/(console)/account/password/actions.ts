"use server";

import { defineUserAction } from "@/lib/actions/define-user-action";
import { changePassword } from "@/lib/auth/change-password";
import { changePasswordSchema } from "@/lib/auth/password-schemas";

// The signed-in user's password. The current password is the step-up; other sessions end.
export const changePasswordAction = defineUserAction({
  name: "account.password.change",
  schema: changePasswordSchema,
  run: (user, input, meta) => changePassword(user, input, meta),
});
