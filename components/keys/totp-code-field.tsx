"use client";

import Link from "next/link";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { FormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { submitPasskeyAnswer, UsePasskeyButton } from "@/components/auth/use-passkey-button";

/** The input of a 6-digit authenticator code, wherever one is asked for. */
export const TOTP_INPUT_PROPS = {
  inputMode: "numeric",
  autoComplete: "one-time-code",
  placeholder: "123 456",
  maxLength: 9,
  className: "w-40 font-mono tracking-widest",
} as const;

type Props = {
  registration: UseFormRegisterReturn;
  error?: FormFieldError;
  totpEnabled: boolean;
  /** The user has a passkey: "Use a passkey" answers the step-up instead of a code. */
  passkeyEnabled?: boolean;
  returnTo: string;
};

/**
 * The step-up code of a guarded action. Users without an authenticator are told why and led to
 * enrol, instead of meeting an error after filling the rest of the form.
 */
export function TotpCodeField({ registration, error, totpEnabled, passkeyEnabled, returnTo }: Props) {
  if (!totpEnabled && !passkeyEnabled) {
    return (
      <Alert variant="warning">
        <AlertTitle>Authenticator required</AlertTitle>
        <AlertDescription>
          This action needs a code from an authenticator app.{" "}
          <Link
            className="font-medium underline"
            href={`/account/security?next=${encodeURIComponent(returnTo)}`}
          >
            Set up an authenticator
          </Link>{" "}
          first.
        </AlertDescription>
      </Alert>
    );
  }
  const passkey = passkeyEnabled ? (
    <UsePasskeyButton
      purpose="step_up"
      onAnswer={(answer, button) => submitPasskeyAnswer(registration, answer, button)}
    />
  ) : null;
  if (!totpEnabled) {
    return (
      <FormField label="Confirm it is you" description="Use one of your passkeys." error={error} required>
        {() => passkey}
      </FormField>
    );
  }
  return (
    <>
      <FormField
        label="Authenticator code"
        description={
          passkeyEnabled
            ? "The 6-digit code from your authenticator app, or use a passkey."
            : "The 6-digit code from your authenticator app."
        }
        error={error}
        required
      >
        <Input {...TOTP_INPUT_PROPS} {...registration} />
      </FormField>
      {passkey}
    </>
  );
}
