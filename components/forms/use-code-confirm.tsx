"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { StepUpCodeInput } from "@/components/auth/step-up";
import type { FieldErrors } from "@/lib/errors";

/**
 * The state of a row's confirmation dialogs (ConfirmDialog) when some of them ask for a step-up code:
 * which one is open (`open`, any value; null = none), the action under way, and the code typed with
 * the error the server gave it. `close` forgets the code.
 */
export function useCodeConfirm<Open>() {
  const [open, setOpen] = useState<Open | null>(null);
  const [pending, startTransition] = useTransition();
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>();
  const close = () => {
    setOpen(null);
    setCode("");
    setCodeError(undefined);
  };
  return {
    open,
    setOpen,
    pending,
    startTransition,
    code,
    close,
    /** A refused action: a wrong code under the code field, anything else as a toast. */
    showFailure(result: { message: string; fieldErrors?: FieldErrors }) {
      if (result.fieldErrors?.totpCode) setCodeError(result.fieldErrors.totpCode);
      else toast.error(result.message);
    },
    /** The code field of the open dialog; `why` says what the code is for. */
    codeInput(why: string) {
      return <StepUpCodeInput why={why} value={code} onChange={setCode} error={codeError} />;
    },
  };
}
