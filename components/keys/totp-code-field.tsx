"use client";

import Link from "next/link";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { FormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

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
  returnTo: string;
};

/**
 * The step-up code of a guarded action. Users without an authenticator are told why and led to
 * enrol, instead of meeting an error after filling the rest of the form.
 */
export function TotpCodeField({ registration, error, totpEnabled, returnTo }: Props) {
  if (!totpEnabled) {
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
  return (
    <FormField
      label="Authenticator code"
      description="The 6-digit code from your authenticator app."
      error={error}
      required
    >
      <Input {...TOTP_INPUT_PROPS} {...registration} />
    </FormField>
  );
}
