"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { UsePasskeyButton } from "@/components/auth/use-passkey-button";
import { signInSchema } from "@/lib/auth/schemas";
import { signInAction } from "@/lib/auth/actions";

// Two steps on one page: the password, then (for an account with an authenticator or a passkey) a
// code from the app, a recovery code or "Use a passkey" (its answer goes in the code field). The password stays in this form's state and is sent again with the
// code; the server creates the session only after both (lib/auth/sign-in.ts).

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [step, setStep] = useState<"password" | "code">("password");
  const { form, onSubmit, pending } = useActionForm({
    schema: signInSchema,
    defaultValues: { email: "", password: "", callbackUrl },
    action: signInAction,
    onSuccess: (data, f) => {
      if ("codeRequired" in data) {
        setStep("code");
        f.setValue("code", "");
        return;
      }
      router.replace(data.redirectTo);
      router.refresh();
    },
  });
  const { errors } = form.formState;

  function back() {
    form.unregister("code");
    form.setValue("password", "");
    setStep("password");
  }

  if (step === "code") {
    return (
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Two-factor authentication">
        <p className="text-sm text-muted-foreground">
          Signing in as <span className="font-medium text-foreground">{form.getValues("email")}</span>. Open
          your authenticator app and enter the code it shows for Keyplane, or use a passkey.
        </p>
        <FormField
          label="Authentication code"
          description="Lost your phone? Enter one of your recovery codes instead."
          error={errors.code}
          required
        >
          <Input
            autoFocus
            inputMode="text"
            autoComplete="one-time-code"
            placeholder="123 456"
            maxLength={40}
            className="font-mono tracking-widest"
            {...form.register("code")}
          />
        </FormField>
        <Button type="submit" loading={pending} className="w-full">
          Verify
        </Button>
        <UsePasskeyButton
          purpose="sign_in"
          disabled={pending}
          onAnswer={(answer, button) => {
            form.setValue("code", answer);
            button.form?.requestSubmit();
          }}
        />
        <Button type="button" variant="ghost" onClick={back} disabled={pending} className="w-full">
          <ArrowLeft aria-hidden /> Use another account
        </Button>
      </form>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField label="Email" error={errors.email} required>
        <Input type="email" autoComplete="username" autoFocus {...form.register("email")} />
      </FormField>
      <FormField label="Password" error={errors.password} required>
        <Input type="password" autoComplete="current-password" {...form.register("password")} />
      </FormField>
      <Button type="submit" loading={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
