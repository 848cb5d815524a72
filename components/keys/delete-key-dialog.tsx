"use client";

import { deleteKeyAction } from "@/lib/keys/actions";
import { deleteKeySchema } from "@/lib/keys/schemas";
import { GuardedKeyDialog, type GuardedDialogProps } from "./guarded-key-dialog";

type Props = GuardedDialogProps & { keyRef: { id: string; label: string } };

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
