"use client";

import { Plug, TriangleAlert } from "lucide-react";
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
import type { RevealedSecrets } from "./types";

type Props = {
  revealed: RevealedSecrets | null;
  onClose: () => void;
  retrievable?: boolean;
  /** Offers "Connect a data plane" (the panel opens over this dialog, so the secret stays on screen). */
  onConnect?: () => void;
};

/**
 * The one moment a secret is on screen. It lives only in this dialog's props (client memory);
 * closing the dialog drops it, and no page, URL or cache ever holds it.
 */
export function RevealSecretsDialog({ revealed, onClose, retrievable = false, onConnect }: Props) {
  const secrets: [string, string][] = [];
  if (revealed?.primary) secrets.push(["Primary secret", revealed.primary]);
  if (revealed?.secondary) secrets.push(["Secondary secret", revealed.secondary]);

  return (
    <Dialog open={revealed !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        className="sm:max-w-xl"
        onInteractOutside={(event) => event.preventDefault()}
        onEscapeKeyDown={(event) => event.preventDefault()}
      >
        <DialogHeader>
          <DialogTitle>{revealed?.title ?? "Secret"}</DialogTitle>
          <DialogDescription>
            Copy the secret of <strong>{revealed?.label}</strong> into your data plane&apos;s configuration or
            secret store now.
          </DialogDescription>
        </DialogHeader>
        <Alert variant="warning">
          <TriangleAlert aria-hidden />
          <AlertTitle>You will not see this again</AlertTitle>
          <AlertDescription>
            {retrievable
              ? "Only admins with step-up can view it again, and every view is audited."
              : "Keyplane keeps only a hash. If you lose it, roll or regenerate the secret."}
          </AlertDescription>
        </Alert>
        <div className="grid gap-3">
          {secrets.map(([label, value]) => (
            <div key={label} className="grid gap-1.5">
              <span className="text-sm font-medium">{label}</span>
              <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-2">
                <code className="min-w-0 flex-1 break-all font-mono text-sm" data-testid="revealed-secret">
                  {value}
                </code>
                <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
              </div>
            </div>
          ))}
        </div>
        <DialogFooter>
          {onConnect ? (
            <Button variant="outline" onClick={onConnect}>
              <Plug aria-hidden /> Connect a data plane
            </Button>
          ) : null}
          <Button onClick={onClose}>I have copied it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
