"use client";

import { useState, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { RotateCw, ShieldPlus } from "lucide-react";
import { toast } from "sonner";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { confirmTotpEnrolmentSchema } from "@/lib/auth/totp-schemas";
import { beginTotpEnrolmentAction, confirmTotpEnrolmentAction } from "@/lib/auth/account-actions";
import { RecoveryCodesDialog } from "./recovery-codes-list";
import { SetupKey } from "./setup-key";

type Enrolment = { uri: string; secret: string; qrSvg: string };
type Props = { email: string; returnTo: string | null };

/**
 * The QR code is an SVG made by the qrcode library on the server. It is shown through an <img>
 * data URL, where an SVG can neither run scripts nor reach the page, rather than inserted as markup.
 */
function svgDataUrl(svg: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(svg)) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

export function EnrolTotpDialog({ email, returnTo }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  // The secret lives only in this state, for as long as the dialog is open.
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [beginError, setBeginError] = useState<string | null>(null);
  const [starting, startBegin] = useTransition();
  // Shown once, after the first code: the recovery codes made with the authenticator.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  const { form, onSubmit, pending } = useActionForm({
    schema: confirmTotpEnrolmentSchema,
    defaultValues: { code: "" },
    action: confirmTotpEnrolmentAction,
    onSuccess: (data) => {
      setOpen(false);
      setEnrolment(null);
      setRecoveryCodes(data.recoveryCodes);
    },
  });

  function savedCodes() {
    setRecoveryCodes(null);
    toast.success("Authenticator app enabled", {
      description: "Signing in and sensitive key actions now ask for a code from it.",
      ...(returnTo ? { action: { label: "Go back", onClick: () => router.push(returnTo) } } : {}),
    });
    router.refresh();
  }

  const ready = enrolment !== null && !starting;

  function begin() {
    setBeginError(null);
    startBegin(async () => {
      const result = await beginTotpEnrolmentAction({});
      if (result.ok) setEnrolment(result.data);
      else setBeginError(result.message);
    });
  }

  function changeOpen(next: boolean) {
    setOpen(next);
    form.reset();
    setEnrolment(null);
    if (next) begin();
  }

  return (
    <>
      <RecoveryCodesDialog email={email} codes={recoveryCodes} onDone={savedCodes} />
      <FormDialog
        open={open}
        onOpenChange={changeOpen}
        trigger={
          <Button>
            <ShieldPlus aria-hidden /> Set up authenticator
          </Button>
        }
        className="sm:max-w-xl"
        formClassName="grid gap-6"
        // The dialog itself takes the focus, so its title is read first and Tab reaches the copy
        // button before the code field (a focused code field would be flagged empty on any click).
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          if (event.currentTarget instanceof HTMLElement) event.currentTarget.focus();
        }}
        title="Set up an authenticator app"
        description="Link an app on your phone to your account in two steps. It will show a new 6-digit code every 30 seconds."
        onSubmit={onSubmit}
        pending={pending}
        submitLabel="Verify and turn on"
        submitDisabled={!ready || beginError !== null}
      >
        {beginError ? (
          <Alert variant="destructive">
            <AlertTitle>The set-up could not start</AlertTitle>
            <AlertDescription>
              <p>{beginError}</p>
              <Button type="button" variant="outline" size="sm" className="mt-2" onClick={begin}>
                <RotateCw aria-hidden /> Try again
              </Button>
            </AlertDescription>
          </Alert>
        ) : (
          <>
            <Step number={1} title="Scan the QR code with your app">
              {enrolment && ready ? (
                <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
                  {/* eslint-disable-next-line @next/next/no-img-element -- a data URL; nothing to optimize */}
                  <img
                    src={svgDataUrl(enrolment.qrSvg)}
                    alt={`QR code to add ${email} to an authenticator app`}
                    width={168}
                    height={168}
                    className="size-42 shrink-0 self-center rounded-lg border bg-white p-2 sm:self-start"
                  />
                  <div className="grid min-w-0 gap-2 text-sm">
                    <p className="text-muted-foreground">
                      Can’t scan it? Choose to enter a key by hand in the app and type this setup key. It is
                      time-based and belongs to <span className="font-medium text-foreground">{email}</span>.
                    </p>
                    <SetupKey secret={enrolment.secret} />
                    <a
                      href={enrolment.uri}
                      className="w-fit text-sm font-medium underline underline-offset-4 sm:hidden"
                    >
                      Open in an authenticator app on this phone
                    </a>
                  </div>
                </div>
              ) : (
                <div className="flex flex-col gap-4 sm:flex-row" aria-busy="true">
                  <Skeleton className="size-42 shrink-0 self-center rounded-lg sm:self-start" />
                  <div className="grid flex-1 content-start gap-2">
                    <Skeleton className="h-4 w-full" />
                    <Skeleton className="h-4 w-3/4" />
                    <Skeleton className="mt-2 h-10 w-full" />
                    <span className="sr-only">Preparing your setup key…</span>
                  </div>
                </div>
              )}
            </Step>
            <Step number={2} title="Enter the code the app shows">
              <FormField
                label="Verification code"
                hideLabel
                description="The 6-digit code for Keyplane in your app. Spaces are fine."
                error={form.formState.errors.code}
              >
                <Input
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  placeholder="123 456"
                  maxLength={9}
                  disabled={!ready}
                  className="w-40 font-mono tracking-widest"
                  {...form.register("code")}
                />
              </FormField>
            </Step>
          </>
        )}
      </FormDialog>
    </>
  );
}

function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <section className="grid grid-cols-[1.75rem_1fr] gap-x-3 gap-y-3" aria-label={`Step ${number}: ${title}`}>
      <span
        aria-hidden
        className="flex size-7 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground"
      >
        {number}
      </span>
      <h3 className="self-center text-sm font-medium">{title}</h3>
      <div className="col-start-2 min-w-0">{children}</div>
    </section>
  );
}
