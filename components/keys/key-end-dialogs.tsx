"use client";

import { deleteKeyAction, endGraceAction, revokeKeyAction } from "@/lib/keys/actions";
import { deleteKeySchema, endGraceSchema, revokeKeySchema } from "@/lib/keys/schemas";
import { GuardedKeyDialog, type GuardedDialogProps } from "./guarded-key-dialog";
import { ImpactPreview } from "./key-impact";

// The destructive key dialogs that take only the key (and a code): revoke, end grace, delete.

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

/** End grace now: the previous primary stops verifying at once (refused while it is still in use). */
export function EndGraceDialog({ keyRef, ...guarded }: Props) {
  return (
    <GuardedKeyDialog
      {...guarded}
      title={`End the grace period of ${keyRef.label}?`}
      description="The previous primary secret stops working now instead of at its grace end. Only the current secrets keep verifying."
      submitLabel="End grace now"
      destructive
      schema={endGraceSchema}
      defaultValues={{ keyId: keyRef.id, totpCode: "" }}
      action={endGraceAction}
      successToast={`Grace of ${keyRef.label} ended`}
    />
  );
}

/** Delete a revoked key from the list; its audit entries stay. */
export function DeleteKeyDialog({ keyRef, ...guarded }: Props) {
  return (
    <GuardedKeyDialog
      {...guarded}
      title={`Delete ${keyRef.label}?`}
      description="The revoked key is removed from the list. Its audit entries stay."
      submitLabel="Delete key"
      destructive
      schema={deleteKeySchema}
      defaultValues={{ keyId: keyRef.id, totpCode: "" }}
      action={deleteKeyAction}
      successToast={`${keyRef.label} deleted`}
    />
  );
}
