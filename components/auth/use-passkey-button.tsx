"use client";

import { useState } from "react";
import { startAuthentication } from "@simplewebauthn/browser";
import { KeyRound } from "lucide-react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { PASSKEY_PREFIX } from "@/lib/auth/passkey-answer";
import { passkeySignInOptionsAction, passkeyStepUpOptionsAction } from "@/lib/auth/passkey-actions";

// "Use a passkey": asks the server for a single-use challenge, lets the browser sign it with one
// of the user's passkeys, and hands the answer on (PASSKEY_PREFIX + the assertion's JSON), which
// goes in the same field a code does (lib/auth/passkey-answer.ts; README, "Passkeys").

type Props = {
  purpose: "step_up" | "sign_in";
  onAnswer: (answer: string, button: HTMLButtonElement) => void | Promise<void>;
  disabled?: boolean;
};

export function UsePasskeyButton({ purpose, onAnswer, disabled }: Props) {
  const [busy, setBusy] = useState(false);
  async function run(button: HTMLButtonElement) {
    setBusy(true);
    try {
      const options =
        purpose === "sign_in" ? await passkeySignInOptionsAction({}) : await passkeyStepUpOptionsAction({});
      if (!options.ok) {
        toast.error(options.message);
        return;
      }
      const response = await startAuthentication(options.data);
      await onAnswer(PASSKEY_PREFIX + JSON.stringify(response), button);
    } catch {
      toast.error("The passkey was not used. Try again, or enter a code.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button
      type="button"
      variant="outline"
      loading={busy}
      disabled={disabled}
      onClick={(event) => void run(event.currentTarget)}
    >
      <KeyRound aria-hidden /> Use a passkey
    </Button>
  );
}

/** Puts a passkey's answer in a form's code field and submits the form the button is in. */
export async function submitPasskeyAnswer(
  registration: UseFormRegisterReturn,
  answer: string,
  button: HTMLButtonElement,
): Promise<void> {
  await registration.onChange({ target: { name: registration.name, value: answer }, type: "change" });
  button.form?.requestSubmit();
}
