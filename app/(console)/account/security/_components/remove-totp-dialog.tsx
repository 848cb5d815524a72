"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { FormDialogFooter } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { removeTotpSchema } from "@/lib/auth/totp-schemas";
import { removeTotpAction } from "@/lib/auth/account-actions";

// Only a current code or a recovery code removes the app: a password alone would make the password
// the only factor.
const withCodeSchema = removeTotpSchema;

export function RemoveTotpDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);

  function removed() {
    setOpen(false);
    toast.success("Authenticator app removed", {
      description: "Set one up again before your next sensitive key action.",
    });
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Trash2 aria-hidden /> Remove authenticator
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Remove the authenticator app?</DialogTitle>
          <DialogDescription>
            Confirm it is you with a current code from the app, or one of your recovery codes if the phone is
            gone. Your password alone cannot remove it.
          </DialogDescription>
        </DialogHeader>
        <Alert variant="warning">
          <AlertDescription>
            <p>
              Until you set up an authenticator again, you cannot roll, regenerate, revoke or delete keys, or
              view stored secrets. Your recovery codes stop working too.
            </p>
          </AlertDescription>
        </Alert>
        <RemoveWithCode autoFocus onRemoved={removed} onCancel={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

type FormProps = { onRemoved: () => void; onCancel: () => void };

function RemoveWithCode({ onRemoved, onCancel, autoFocus }: FormProps & { autoFocus: boolean }) {
  const { form, onSubmit, pending } = useActionForm({
    schema: withCodeSchema,
    defaultValues: { code: "" },
    action: removeTotpAction,
    onSuccess: onRemoved,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField
        label="Authenticator or recovery code"
        description="The 6-digit code your app shows for Keyplane, or a recovery code."
        error={form.formState.errors.code}
      >
        <Input
          autoFocus={autoFocus}
          autoComplete="one-time-code"
          placeholder="123 456"
          maxLength={40}
          className="w-64 font-mono tracking-widest"
          {...form.register("code")}
        />
      </FormField>
      <RemoveFooter pending={pending} onCancel={onCancel} />
    </form>
  );
}

function RemoveFooter({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  return (
    <FormDialogFooter pending={pending} onCancel={onCancel} submitLabel="Remove authenticator" destructive />
  );
}
