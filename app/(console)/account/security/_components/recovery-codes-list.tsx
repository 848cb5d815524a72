"use client";

import { Download } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogShell } from "@/components/ui/dialog-shell";

// Recovery codes, shown once: right after the authenticator is set up and after new ones are made.
// Only their digests are kept (lib/auth/recovery-codes.ts), so this is the one chance to save them.

function asText(email: string, codes: string[]): string {
  return [
    `Keyplane recovery codes for ${email}`,
    "Each code works once, instead of a code from your authenticator app.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** The codes in a dialog that only its button closes; `codes` null: closed. */
export function RecoveryCodesDialog(props: { email: string; codes: string[] | null; onDone: () => void }) {
  return (
    <DialogShell
      open={props.codes !== null}
      onOpenChange={(open) => {
        if (!open) props.onDone();
      }}
      closeOnlyFromFooter
      className="sm:max-w-lg"
      title="Your recovery codes"
      description="Ten one-time codes for the day your phone is not at hand."
      footer={<Button onClick={props.onDone}>I have saved them</Button>}
    >
      {props.codes ? <RecoveryCodesList email={props.email} codes={props.codes} /> : null}
    </DialogShell>
  );
}

function RecoveryCodesList({ email, codes }: { email: string; codes: string[] }) {
  const text = asText(email, codes);
  return (
    <div className="grid gap-3">
      <Alert variant="warning">
        <AlertTitle>Save your recovery codes now</AlertTitle>
        <AlertDescription>
          <p>
            Shown only now. If you lose your phone, each code signs you in once, or removes the authenticator,
            instead of a code from the app. Keep them somewhere safe, apart from your password.
          </p>
        </AlertDescription>
      </Alert>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1.5 rounded-md border bg-muted/50 p-4 font-mono text-sm select-all"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <CopyButton
          value={codes.join("\n")}
          label="Copy codes"
          copiedLabel="Codes copied"
          showLabel
          variant="outline"
        />
        <Button asChild variant="outline" size="sm">
          <a
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
            download="keyplane-recovery-codes.txt"
          >
            <Download aria-hidden /> Download
          </a>
        </Button>
      </div>
    </div>
  );
}
