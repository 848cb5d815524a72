"use client";

import { useState } from "react";
import { RefreshCw } from "lucide-react";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { TotpCodeField } from "@/components/keys/totp-code-field";
import { Button } from "@/components/ui/button";
import { regenerateRecoveryCodesAction } from "@/lib/auth/account-actions";
import { regenerateRecoveryCodesSchema } from "@/lib/auth/totp-schemas";
import { RecoveryCodesDialog } from "./recovery-codes-list";

/** New recovery codes after a fresh authenticator code; the old ones stop working at once. */
export function RegenerateRecoveryCodesDialog({ email }: { email: string }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const { form, dialog } = useFormDialog({
    schema: regenerateRecoveryCodesSchema,
    defaultValues: { totpCode: "" },
    action: regenerateRecoveryCodesAction,
    onSuccess: (data) => setCodes(data.recoveryCodes),
  });
  return (
    <>
      <RecoveryCodesDialog email={email} codes={codes} onDone={() => setCodes(null)} />
      <FormDialog
        {...dialog}
        trigger={
          <Button variant="outline">
            <RefreshCw aria-hidden /> New recovery codes
          </Button>
        }
        title="Make new recovery codes?"
        description="Ten new codes replace the ones you have now; the old ones stop working at once."
        submitLabel="Make new codes"
      >
        <TotpCodeField
          registration={form.register("totpCode")}
          error={form.formState.errors.totpCode}
          totpEnabled
          returnTo="/account/security"
        />
      </FormDialog>
    </>
  );
}
