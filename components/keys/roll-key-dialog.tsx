"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller } from "react-hook-form";
import { rollKeyAction } from "@/lib/keys/actions";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { formatDateTime } from "@/lib/format";
import { DEFAULT_GRACE, GRACE_PRESET_NAMES, GRACE_PRESETS } from "@/lib/keys/grace";
import { rollKeySchema } from "@/lib/keys/schemas";
import { SecretUsageList } from "./key-impact";
import { TotpCodeField } from "./totp-code-field";
import { revealedFromResult } from "./connect-panel";
import type { GuardedDialogProps } from "./guarded-key-dialog";
import type { KeyTableContext, RevealedSecrets } from "./types";

type KeyRef = { id: string; label: string; version: number; expiresAt: Date };

const CHOICES = [
  ...GRACE_PRESET_NAMES.map((value) => ({ value, ...GRACE_PRESETS[value] })),
  { value: "date", label: "On a date…" },
] as const;

/** Roll: a new primary secret; the old one keeps working until the chosen grace end. */
export function RollKeyDialog(
  props: GuardedDialogProps & {
    keyRef: KeyRef;
    /** The page's systems, for the scope of "Connect a data plane" in the reveal dialog. */
    systems: KeyTableContext["systems"];
    onRevealed: (revealed: RevealedSecrets) => void;
  },
) {
  const { keyRef } = props;
  const router = useRouter();
  const [choice, setChoice] = useState<string>(DEFAULT_GRACE);
  const [until, setUntil] = useState("");
  const { form, onSubmit, pending } = useActionForm({
    schema: rollKeySchema,
    defaultValues: { keyId: keyRef.id, expectedVersion: keyRef.version, grace: DEFAULT_GRACE, totpCode: "" },
    action: rollKeyAction,
    onSuccess: (result) => {
      props.onClose();
      props.onRevealed(revealedFromResult(result, "Primary secret rolled", props.systems));
      router.refresh();
    },
  });
  const { errors } = form.formState;

  return (
    <FormDialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Roll the primary secret of ${keyRef.label}`}
      description={
        <>
          A new primary secret is made and shown once. Choose how long the current one keeps working so
          clients can move over. The grace period never runs past the key&apos;s expiry (
          {formatDateTime(keyRef.expiresAt)}).
        </>
      }
      onSubmit={onSubmit}
      pending={pending}
      submitLabel="Roll secret"
      submitDisabled={!(props.totpEnabled || props.passkeyEnabled)}
    >
      <Controller
        control={form.control}
        name="grace"
        render={({ field }) => (
          <FormField label="The old secret stops working" error={errors.grace}>
            {(control) => (
              <RadioGroup
                {...control}
                value={choice}
                onValueChange={(value) => {
                  setChoice(value);
                  field.onChange(value === "date" ? { until } : value);
                }}
                className="grid gap-2"
              >
                {CHOICES.map((c) => (
                  <label key={c.value} className="flex cursor-pointer items-center gap-2 text-sm">
                    <RadioGroupItem value={c.value} aria-label={c.label} />
                    {c.label}
                    {"hint" in c ? <span className="text-xs text-muted-foreground">{c.hint}</span> : null}
                  </label>
                ))}
              </RadioGroup>
            )}
          </FormField>
        )}
      />
      {choice === "date" ? (
        <FormField label="Grace ends at (your local time)">
          <Input
            type="datetime-local"
            value={until}
            onChange={(event) => {
              setUntil(event.target.value);
              const date = new Date(event.target.value);
              form.setValue("grace", {
                until: Number.isFinite(date.getTime()) ? date.toISOString() : event.target.value,
              });
            }}
          />
        </FormField>
      ) : null}
      <SecretUsageList keyId={keyRef.id} />
      <TotpCodeField
        registration={form.register("totpCode")}
        error={errors.totpCode}
        totpEnabled={props.totpEnabled}
        passkeyEnabled={props.passkeyEnabled}
        returnTo={props.returnTo}
      />
    </FormDialog>
  );
}
