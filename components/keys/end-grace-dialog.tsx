"use client";

import { endGraceAction } from "@/lib/keys/actions";
import { endGraceSchema } from "@/lib/keys/schemas";
import { GuardedKeyDialog, type GuardedDialogProps } from "./guarded-key-dialog";

type Props = GuardedDialogProps & { keyRef: { id: string; label: string } };

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
