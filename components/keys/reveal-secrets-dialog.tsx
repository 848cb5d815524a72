"use client";

import { Plug } from "lucide-react";
import { Button } from "@/components/ui/button";
import { SecretDialog, SecretValue } from "@/components/ui/secret-value";
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
    <SecretDialog
      open={revealed !== null}
      onClose={onClose}
      // The first thing to do is copy: focus starts on the first secret's copy button.
      onOpenAutoFocus={(event) => {
        const copy =
          event.currentTarget instanceof HTMLElement
            ? event.currentTarget.querySelector<HTMLElement>("[data-slot=secret-value] button")
            : null;
        if (!copy) return;
        event.preventDefault();
        copy.focus();
      }}
      title={revealed?.title ?? "Secret"}
      description={
        <>
          Copy the secret of <strong>{revealed?.label}</strong> into your data plane&apos;s configuration or
          secret store now.
        </>
      }
      actions={
        onConnect ? (
          <Button variant="outline" onClick={onConnect}>
            <Plug aria-hidden /> Connect a data plane
          </Button>
        ) : null
      }
      warning={{
        title: "You will not see this again",
        text: retrievable
          ? "Only admins with step-up can view it again, and every view is audited."
          : "Keyplane keeps only a hash. If you lose it, roll or regenerate the secret.",
      }}
    >
      <div className="grid gap-3">
        {secrets.map(([label, value]) => (
          <SecretValue
            key={label}
            label={label}
            value={value}
            copyLabel={`Copy ${label.toLowerCase()}`}
            testId="revealed-secret"
          />
        ))}
      </div>
    </SecretDialog>
  );
}
