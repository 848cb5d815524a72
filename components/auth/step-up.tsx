"use client";

import { createContext, useContext, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import type { UseFormRegisterReturn } from "react-hook-form";
import { TOTP_INPUT_PROPS, TotpCodeField } from "@/components/keys/totp-code-field";
import { FormField, type FormFieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

// Whether the signed-in user has an authenticator, for every form of an organization's pages
// that may ask for a step-up code (roles that manage keys, the key policy). Provided once by the
// organization layout, so the forms need no extra props.

const StepUpContext = createContext<{ totpEnabled: boolean }>({ totpEnabled: false });

export function StepUpProvider({ totpEnabled, children }: { totpEnabled: boolean; children: ReactNode }) {
  return <StepUpContext.Provider value={{ totpEnabled }}>{children}</StepUpContext.Provider>;
}

function useTotpEnabled(): boolean {
  return useContext(StepUpContext).totpEnabled;
}

/** The authenticator code of a change that needs a fresh step-up (or the way to set one up). */
export function StepUpCodeField({
  registration,
  error,
}: {
  registration: UseFormRegisterReturn;
  error?: FormFieldError;
}) {
  const totpEnabled = useTotpEnabled();
  const pathname = usePathname();
  return (
    <TotpCodeField registration={registration} error={error} totpEnabled={totpEnabled} returnTo={pathname} />
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
  const totpEnabled = useTotpEnabled();
  return (
    <FormField
      label="Authenticator code"
      description={
        totpEnabled
          ? `${why}: confirm with the 6-digit code from your authenticator app.`
          : `${why}: set up an authenticator app first (Account → Security).`
      }
      error={error}
      required
    >
      <Input {...TOTP_INPUT_PROPS} value={value} onChange={(event) => onChange(event.target.value)} />
    </FormField>
  );
}
