"use client";

import { useMemo } from "react";
import { Link2 } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";

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
    <Dialog open={link !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        className="sm:max-w-xl"
        onInteractOutside={(event) => event.preventDefault()}
        onEscapeKeyDown={(event) => event.preventDefault()}
      >
        <DialogHeader>
          <DialogTitle>{link?.newAccount ? "Account created" : "New set-password link"}</DialogTitle>
          <DialogDescription>
            Send this link to <strong>{link?.email}</strong> through a channel you trust. It lets them choose
            a password and sign in.
          </DialogDescription>
        </DialogHeader>
        <Alert variant="warning">
          <Link2 aria-hidden />
          <AlertTitle>Shown only now</AlertTitle>
          <AlertDescription>
            The link works once, for 7 days. Keyplane keeps only a hash of it; if it is lost, make a new one
            from the member&apos;s menu.
          </AlertDescription>
        </Alert>
        <div className="grid gap-1.5">
          <span className="text-sm font-medium" id="set-password-link-label">
            Set-password link
          </span>
          <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-2">
            <code
              className="min-w-0 flex-1 break-all font-mono text-sm"
              aria-labelledby="set-password-link-label"
              data-testid="set-password-link"
            >
              {url}
            </code>
            <CopyButton value={url} label="Copy link" />
          </div>
        </div>
        <DialogFooter>
          <Button onClick={onClose}>I have copied it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
