"use client";

import { viewSecretAction } from "@/lib/keys/actions";
import { viewSecretSchema, type SecretSlot } from "@/lib/keys/schemas";
import { revealedFromResult } from "./connect-panel";
import { GuardedKeyDialog, type GuardedDialogProps } from "./guarded-key-dialog";
import type { KeyTableContext, RevealedSecrets } from "./types";

type Props = GuardedDialogProps & {
  keyRef: { id: string; label: string };
  slot: SecretSlot;
  systems: KeyTableContext["systems"];
  onRevealed: (revealed: RevealedSecrets) => void;
};

/** Show a stored secret again (organizations with retrievable secrets); the view is audited. */
export function ViewSecretDialog({ keyRef, slot, systems, onRevealed, ...guarded }: Props) {
  return (
    <GuardedKeyDialog
      {...guarded}
      title={`View the ${slot} secret of ${keyRef.label}`}
      description="This organization keeps retrievable secrets. Viewing one is recorded in the audit log."
      submitLabel="Show secret"
      schema={viewSecretSchema}
      defaultValues={{ keyId: keyRef.id, slot, totpCode: "" }}
      action={viewSecretAction}
      onSuccess={(result) => {
        guarded.onClose();
        onRevealed(revealedFromResult(result, `The ${slot} secret`, systems));
      }}
    />
  );
}
