"use client";

import { useRouter } from "next/navigation";
import { regenerateSecretAction } from "@/lib/keys/actions";
import type { KeyRow } from "@/lib/keys/queries";
import { regenerateSecretSchema, type SecretSlot } from "@/lib/keys/schemas";
import { revealedFromResult } from "./connect-panel";
import { GuardedKeyDialog, type GuardedDialogProps } from "./guarded-key-dialog";
import { ImpactPreview } from "./key-impact";
import type { KeyTableContext, RevealedSecrets } from "./types";

type Props = GuardedDialogProps & {
  keyRow: Pick<KeyRow, "id" | "label" | "hasSecondary">;
  slot: SecretSlot;
  systems: KeyTableContext["systems"];
  onRevealed: (revealed: RevealedSecrets) => void;
};

/** A new secret for a slot: the old one stops at once; a missing secondary is added instead. */
export function RegenerateSecretDialog({ keyRow, slot, systems, onRevealed, ...guarded }: Props) {
  const router = useRouter();
  const adds = slot === "secondary" && !keyRow.hasSecondary;
  return (
    <GuardedKeyDialog
      {...guarded}
      title={`${adds ? "Add a secondary secret to" : `Regenerate the ${slot} secret of`} ${keyRow.label}`}
      description={
        adds
          ? "A second secret is made and shown once. The primary keeps working."
          : `The current ${slot} secret stops working at once, and a new one is shown once.`
      }
      submitLabel={adds ? "Add secondary" : "Regenerate"}
      destructive={!adds}
      confirmLabel={keyRow.label}
      schema={regenerateSecretSchema}
      defaultValues={{ keyId: keyRow.id, slot, confirmLabel: "", totpCode: "" }}
      action={regenerateSecretAction}
      onSuccess={(result) => {
        guarded.onClose();
        onRevealed(revealedFromResult(result, `New ${slot} secret`, systems));
        router.refresh();
      }}
    >
      {adds ? null : <ImpactPreview keyId={keyRow.id} slot={slot} />}
    </GuardedKeyDialog>
  );
}
