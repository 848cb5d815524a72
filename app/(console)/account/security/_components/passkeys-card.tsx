"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { startRegistration } from "@simplewebauthn/browser";
import { Fingerprint, Plus, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { TotpCodeField } from "@/components/keys/totp-code-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { formatDateTime, formatRelative } from "@/lib/format";
import {
  beginPasskeyRegistrationAction,
  finishPasskeyRegistrationAction,
  removePasskeyAction,
} from "@/lib/auth/passkey-actions";
import { passkeyNameSchema, removePasskeySchema } from "@/lib/auth/passkey-schemas";

// The account's passkeys (README, "Passkeys"): each answers the second step of signing in and every
// step-up, like a code from the authenticator app. Removing one needs a step-up.

type PasskeyRow = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

export function PasskeysCard({ passkeys, totpEnabled }: { passkeys: PasskeyRow[]; totpEnabled: boolean }) {
  const [removing, setRemoving] = useState<PasskeyRow | null>(null);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Passkeys</CardTitle>
        <CardDescription>
          A passkey on this device or a security key can stand in for the authenticator code: at sign-in and
          to confirm sensitive actions.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {passkeys.length === 0 ? (
          <p className="text-sm text-muted-foreground">No passkeys yet.</p>
        ) : (
          <ul className="divide-y rounded-lg border" aria-label="Passkeys">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="flex items-center gap-3 p-3">
                <Fingerprint className="size-5 text-muted-foreground" aria-hidden />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium">{passkey.name}</p>
                  <p className="text-xs text-muted-foreground">
                    Added {formatDateTime(passkey.createdAt)} · Last used{" "}
                    {passkey.lastUsedAt ? formatRelative(passkey.lastUsedAt) : "never"}
                  </p>
                </div>
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={`Remove ${passkey.name}`}
                  onClick={() => setRemoving(passkey)}
                >
                  <Trash2 aria-hidden /> Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        <AddPasskeyForm />
      </CardContent>
      {removing ? (
        <RemovePasskeyDialog passkey={removing} totpEnabled={totpEnabled} onClose={() => setRemoving(null)} />
      ) : null}
    </Card>
  );
}

function AddPasskeyForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function add() {
    const parsed = passkeyNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const options = await beginPasskeyRegistrationAction({});
      if (!options.ok) {
        toast.error(options.message);
        return;
      }
      const response = await startRegistration(options.data);
      const result = await finishPasskeyRegistrationAction({ name: parsed.data, response });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success("Passkey added", { description: result.data.name });
      setName("");
      router.refresh();
    } catch {
      toast.error("The passkey was not created. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <FormField label="Passkey name" description="So you can tell your passkeys apart." error={error}>
        <Input
          value={name}
          placeholder="Work laptop"
          maxLength={60}
          className="w-64"
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>
      <Button type="button" loading={busy} onClick={() => void add()}>
        <Plus aria-hidden /> Add a passkey
      </Button>
    </div>
  );
}

function RemovePasskeyDialog(props: { passkey: PasskeyRow; totpEnabled: boolean; onClose: () => void }) {
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: removePasskeySchema,
    defaultValues: { passkeyId: props.passkey.id, totpCode: "" },
    action: removePasskeyAction,
    onSuccess: () => {
      props.onClose();
      toast.success("Passkey removed", { description: props.passkey.name });
      router.refresh();
    },
  });
  return (
    <FormDialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Remove the passkey ${props.passkey.name}?`}
      description="Confirm it is you with a code from your authenticator app or a passkey. It then no longer signs you in or confirms actions."
      onSubmit={onSubmit}
      pending={pending}
      submitLabel="Remove passkey"
      destructive
    >
      <TotpCodeField
        registration={form.register("totpCode")}
        error={form.formState.errors.totpCode}
        totpEnabled={props.totpEnabled}
        passkeyEnabled
        returnTo="/account/security"
      />
    </FormDialog>
  );
}
