"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { KeyRound, Smartphone, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { z } from "zod";
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
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { TOTP_MESSAGES, totpCodeSchema } from "@/lib/auth/totp-schemas";
import { removeTotpAction } from "@/lib/auth/account-actions";

// The two ways to prove it is you, one form each, so each field gets its own precise message.
// Both are branches of removeTotpSchema, which the server parses again.
const withCodeSchema = z.strictObject({ code: totpCodeSchema });
const withPasswordSchema = z.strictObject({
  password: z.string().min(1, TOTP_MESSAGES.password).max(200, TOTP_MESSAGES.password),
});

type Method = "code" | "password";

export function RemoveTotpDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState<Method>("code");
  // Only the first field shown takes the focus: after a tab is clicked, the focus stays on the tab
  // (moving it into the field would blur it at once and flag it as left empty).
  const [switched, setSwitched] = useState(false);

  function removed() {
    setOpen(false);
    toast.success("Authenticator app removed", {
      description: "Set one up again before your next sensitive key action.",
    });
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setMethod("code");
        setSwitched(false);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Trash2 aria-hidden /> Remove authenticator
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Remove the authenticator app?</DialogTitle>
          <DialogDescription>
            Confirm it is you with a current code or, if you no longer have the app, your password.
          </DialogDescription>
        </DialogHeader>
        <Alert variant="warning">
          <AlertDescription>
            <p>
              Until you set up an authenticator again, you cannot roll, regenerate, revoke or delete keys, or
              view stored secrets.
            </p>
          </AlertDescription>
        </Alert>
        <Tabs
          value={method}
          onValueChange={(value) => {
            setMethod(value === "password" ? "password" : "code");
            setSwitched(true);
          }}
        >
          <TabsList className="w-full">
            <TabsTrigger value="code">
              <Smartphone aria-hidden /> Use a code
            </TabsTrigger>
            <TabsTrigger value="password">
              <KeyRound aria-hidden /> Use your password
            </TabsTrigger>
          </TabsList>
          <TabsContent value="code" className="pt-2">
            <RemoveWithCode autoFocus={!switched} onRemoved={removed} onCancel={() => setOpen(false)} />
          </TabsContent>
          <TabsContent value="password" className="pt-2">
            <RemoveWithPassword onRemoved={removed} onCancel={() => setOpen(false)} />
          </TabsContent>
        </Tabs>
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
        label="Authenticator code"
        description="The 6-digit code your app shows for Keyplane."
        error={form.formState.errors.code}
      >
        <Input
          autoFocus={autoFocus}
          inputMode="numeric"
          autoComplete="one-time-code"
          placeholder="123 456"
          maxLength={9}
          className="w-40 font-mono tracking-widest"
          {...form.register("code")}
        />
      </FormField>
      <RemoveFooter pending={pending} onCancel={onCancel} />
    </form>
  );
}

function RemoveWithPassword({ onRemoved, onCancel }: FormProps) {
  const { form, onSubmit, pending } = useActionForm({
    schema: withPasswordSchema,
    defaultValues: { password: "" },
    action: removeTotpAction,
    onSuccess: onRemoved,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField
        label="Current password"
        description="For when the phone with the app is lost."
        error={form.formState.errors.password}
      >
        <Input type="password" autoComplete="current-password" {...form.register("password")} />
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
