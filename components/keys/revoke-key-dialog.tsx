"use client";

import { revokeKeyAction } from "@/lib/keys/actions";
import { revokeKeySchema } from "@/lib/keys/schemas";
import { GuardedKeyDialog, type GuardedDialogProps } from "./guarded-key-dialog";
import { ImpactPreview } from "./key-impact";

type Props = GuardedDialogProps & { keyRef: { id: string; label: string } };

/** Revoke: the key stops working for good and stays listed, marked revoked. */
export function RevokeKeyDialog({ keyRef, ...guarded }: Props) {
  return (
    <GuardedKeyDialog
      {...guarded}
      title={`Revoke ${keyRef.label}?`}
      description="The key stops working for good: data planes are told it is revoked, and no secret can be shown again. It stays listed, marked revoked, until you delete it."
      submitLabel="Revoke key"
      destructive
      confirmLabel={keyRef.label}
      schema={revokeKeySchema}
      defaultValues={{ keyId: keyRef.id, confirmLabel: "", totpCode: "" }}
      action={revokeKeyAction}
      successToast={`${keyRef.label} revoked`}
    >
      <ImpactPreview keyId={keyRef.id} />
    </GuardedKeyDialog>
  );
}
