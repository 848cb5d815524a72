"use client";

import { useMemo } from "react";
import { Link2 } from "lucide-react";
import { SecretDialog, SecretValue } from "@/components/ui/secret-value";

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
    <SecretDialog
      open={link !== null}
      onClose={onClose}
      title={link?.invitation ? "Invitation created" : "New set-password link"}
      description={
        <>
          Send this link to <strong>{link?.email}</strong> through a channel you trust.{" "}
          {link?.invitation
            ? "It lets them join: they set a password, or sign in if they already have an account."
            : "It lets them choose a password and sign in."}
        </>
      }
      warning={{
        icon: <Link2 aria-hidden />,
        title: "Shown only now",
        text: (
          <>
            The link works once, for 7 days. Keyplane keeps only a hash of it; if it is lost, make a new one
            {link?.invitation ? " under Pending invitations." : " from the member\u2019s menu."}
          </>
        ),
      }}
    >
      <SecretValue
        label={link?.invitation ? "Invitation link" : "Set-password link"}
        value={url}
        copyLabel="Copy link"
        testId={link?.invitation ? "invite-link" : "set-password-link"}
      />
    </SecretDialog>
  );
}
