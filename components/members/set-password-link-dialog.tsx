"use client";

import { useMemo } from "react";
import { Link2 } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { SecretValue } from "@/components/ui/secret-value";

/** `path` is `/set-password/<token>` or `/invite/<token>` (an invitation). */
export type IssuedLink = { email: string; path: string; invitation: boolean };

/**
 * The one moment a set-password link is on screen. The token lives only in this dialog's props
 * (client memory): no page data, URL of the console or cache ever holds it; the server keeps only
 * its hash. Keyplane sends no mail, so the owner passes the link on.
 */
export function SetPasswordLinkDialog({ link, onClose }: { link: IssuedLink | null; onClose: () => void }) {
  const url = useMemo(
    () => (link && typeof window !== "undefined" ? `${window.location.origin}${link.path}` : ""),
    [link],
  );
  return (
    <DialogShell
      open={link !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      closeOnlyFromFooter
      className="sm:max-w-xl"
      title={link?.invitation ? "Invitation created" : "New set-password link"}
      description={
        <>
          Send this link to <strong>{link?.email}</strong> through a channel you trust.{" "}
          {link?.invitation
            ? "It lets them join: they set a password, or sign in if they already have an account."
            : "It lets them choose a password and sign in."}
        </>
      }
      footer={<Button onClick={onClose}>I have copied it</Button>}
    >
      <Alert variant="warning">
        <Link2 aria-hidden />
        <AlertTitle>Shown only now</AlertTitle>
        <AlertDescription>
          The link works once, for 7 days. Keyplane keeps only a hash of it; if it is lost, make a new one
          {link?.invitation ? " under Pending invitations." : " from the member\u2019s menu."}
        </AlertDescription>
      </Alert>
      <SecretValue
        label={link?.invitation ? "Invitation link" : "Set-password link"}
        value={url}
        copyLabel="Copy link"
        testId={link?.invitation ? "invite-link" : "set-password-link"}
      />
    </DialogShell>
  );
}
