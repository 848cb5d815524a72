"use client";

import { createContext, useContext, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import type { UseFormRegisterReturn } from "react-hook-form";
import { TOTP_INPUT_PROPS, TotpCodeField } from "@/components/keys/totp-code-field";
import { FormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { isPasskeyAnswer } from "@/lib/auth/passkey-answer";
import { UsePasskeyButton } from "./use-passkey-button";

// Whether the signed-in user has an authenticator app and a passkey, for every form of an organization's pages
// that may ask for a step-up code (roles that manage keys, the key policy). Provided once by the
// organization layout, so the forms need no extra props.

type StepUpMethods = { totpEnabled: boolean; passkeyEnabled: boolean };

const StepUpContext = createContext<StepUpMethods>({ totpEnabled: false, passkeyEnabled: false });

export function StepUpProvider({ children, ...methods }: StepUpMethods & { children: ReactNode }) {
  return <StepUpContext.Provider value={methods}>{children}</StepUpContext.Provider>;
}

/** The authenticator code of a change that needs a fresh step-up (or the way to set one up). */
export function StepUpCodeField({
  registration,
  error,
}: {
  registration: UseFormRegisterReturn;
  error?: FormFieldError;
}) {
  const { totpEnabled, passkeyEnabled } = useContext(StepUpContext);
  const pathname = usePathname();
  return (
    <TotpCodeField
      registration={registration}
      error={error}
      totpEnabled={totpEnabled}
      passkeyEnabled={passkeyEnabled}
      returnTo={pathname}
    />
  );
}

/**
 * The same, for a confirmation without a form (a controlled input): `why` says what the code is
 * for. Users without an authenticator are sent to set one up.
 */
export function StepUpCodeInput({
  why,
  value,
  onChange,
  error,
}: {
  why: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { totpEnabled, passkeyEnabled } = useContext(StepUpContext);
  const passkeyReady = isPasskeyAnswer(value);
  return (
    <>
      <FormField
        label="Authenticator code"
        description={
          passkeyReady
            ? `${why}: your passkey confirmed it; press the button to continue.`
            : totpEnabled || passkeyEnabled
              ? `${why}: confirm with the 6-digit code from your authenticator app${passkeyEnabled ? " or a passkey" : ""}.`
              : `${why}: set up an authenticator app or a passkey first (Account → Security).`
        }
        error={error}
        required
      >
        <Input
          {...TOTP_INPUT_PROPS}
          value={passkeyReady ? "" : value}
          disabled={passkeyReady}
          onChange={(event) => onChange(event.target.value)}
        />
      </FormField>
      {passkeyEnabled ? <UsePasskeyButton purpose="step_up" onAnswer={(answer) => onChange(answer)} /> : null}
    </>
  );
}
