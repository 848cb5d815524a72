"use client";

import { useMemo } from "react";
import { Link2 } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { SecretValue } from "@/components/ui/secret-value";

export type IssuedLink = { email: string; token: string; newAccount: boolean };

/**
 * The one moment a set-password link is on screen. The token lives only in this dialog's props
 * (client memory): no page data, URL of the console or cache ever holds it; the server keeps only
 * its hash. Keyplane sends no mail, so the owner passes the link on.
 */
export function SetPasswordLinkDialog({ link, onClose }: { link: IssuedLink | null; onClose: () => void }) {
  const url = useMemo(
    () =>
      link && typeof window !== "undefined" ? `${window.location.origin}/set-password/${link.token}` : "",
    [link],
  );
  return (
    <DialogShell
      open={link !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      closeOnlyFromFooter
      className="sm:max-w-xl"
      title={link?.newAccount ? "Account created" : "New set-password link"}
      description={
        <>
          Send this link to <strong>{link?.email}</strong> through a channel you trust. It lets them choose a
          password and sign in.
        </>
      }
      footer={<Button onClick={onClose}>I have copied it</Button>}
    >
      <Alert variant="warning">
        <Link2 aria-hidden />
        <AlertTitle>Shown only now</AlertTitle>
        <AlertDescription>
          The link works once, for 7 days. Keyplane keeps only a hash of it; if it is lost, make a new one
          from the member&apos;s menu.
        </AlertDescription>
      </Alert>
      <SecretValue label="Set-password link" value={url} copyLabel="Copy link" testId="set-password-link" />
    </DialogShell>
  );
}
