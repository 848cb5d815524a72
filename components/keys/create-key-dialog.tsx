"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { createKeyAction } from "@/lib/keys/actions";
import { StepUpCodeField } from "@/components/auth/step-up";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { SwitchField } from "@/components/forms/switch-field";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createKeySchema } from "@/lib/keys/schemas";
import { creationWidenings } from "@/lib/keys/widening";
import { ExpiryField } from "./expiry-field";
import {
  AllowedRangesField,
  KeyLabelField,
  KeyPermissionsField,
  KeyUsageFields,
  SystemLimitsField,
  usageFormValues,
} from "./key-form-fields";
import { revealedFromResult } from "./connect-panel";
import type { KeyTableContext, RevealedSecrets } from "./types";

type Props = {
  context: KeyTableContext;
  onCreated: (revealed: RevealedSecrets) => void;
  /** Open on arrival (the command palette's "Create an organization key": `?create=1`). */
  initiallyOpen?: boolean;
};

export function CreateKeyDialog({ context, onCreated, initiallyOpen }: Props) {
  // Set when the server asked for a code the form did not expect to need.
  const [asked, setAsked] = useState(false);
  const router = useRouter();
  const systemId = context.scope.type === "system" ? context.scope.systemId : null;
  const defaults = {
    organizationId: context.organizationId,
    systemId,
    label: "",
    description: "",
    permissions: [] as string[],
    allowedCidrs: "",
    expiry: "",
    withSecondary: false,
    customSecret: "",
    systemLimits: [] as string[],
    ...usageFormValues(),
    totpCode: "",
  };
  const { form, dialog } = useFormDialog({
    schema: createKeySchema,
    defaultValues: defaults,
    initiallyOpen,
    action: async (values) => {
      const result = await createKeyAction(values);
      if (!result.ok && result.fieldErrors?.totpCode) setAsked(true);
      return result;
    },
    onSuccess: (result) => {
      setAsked(false);
      onCreated(revealedFromResult(result, "Key created", context.systems));
      router.refresh();
    },
  });
  const { errors } = form.formState;
  // A key holding keys:manage can roll and revoke every other key: minting one needs a fresh code.
  const needsCode = asked || creationWidenings(form.watch("permissions") ?? []).length > 0;

  return (
    <FormDialog
      {...dialog}
      onOpenChange={(next) => {
        dialog.onOpenChange(next);
        if (!next) setAsked(false);
      }}
      trigger={
        <Button>
          <Plus aria-hidden /> Create key
        </Button>
      }
      className="sm:max-w-2xl"
      title={
        context.scope.type === "system"
          ? `Create a key for ${context.scope.systemName}`
          : "Create an organization key"
      }
      description={
        context.scope.type === "system"
          ? "A system key acts only for this system."
          : "An organization key acts for the whole organization, or only for the systems you choose."
      }
      submitLabel="Create key"
      submitDisabled={needsCode && !context.totpEnabled && !context.passkeyEnabled}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <KeyLabelField
          label="Label"
          error={errors.label}
          autoFocus
          placeholder="ingest-gateway-eu"
          {...form.register("label")}
        />
        <ExpiryField control={form.control} name="expiry" policy={context.policy} error={errors.expiry} />
      </div>
      <FormField label="Description" error={errors.description}>
        <Textarea rows={2} placeholder="Who uses it, for what" {...form.register("description")} />
      </FormField>
      <KeyPermissionsField
        control={form.control}
        name="permissions"
        description="From the organization's catalog (Settings)."
        error={errors.permissions}
        catalog={context.catalog}
        empty="The catalog has no permissions yet."
      />
      <AllowedRangesField error={errors.allowedCidrs} {...form.register("allowedCidrs")} />
      {context.scope.type === "organization" ? (
        <SystemLimitsField
          control={form.control}
          name="systemLimits"
          error={errors.systemLimits}
          systems={context.systems}
        />
      ) : null}
      <KeyUsageFields form={form} />
      <SwitchField
        control={form.control}
        name="withSecondary"
        label="Also create a secondary secret"
        description="Two secrets that each work, so clients can move from one to the other without downtime."
      />
      {context.policy.allowCustomSecrets ? (
        <FormField
          label="Custom secret value (optional)"
          description="As hard to guess as 128 random bits (e.g. 20 random characters of letters, digits and symbols). Leave empty to generate one."
          error={errors.customSecret}
        >
          <Input
            type="password"
            autoComplete="new-password"
            className="font-mono"
            {...form.register("customSecret")}
          />
        </FormField>
      ) : null}
      {needsCode ? (
        <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} />
      ) : null}
    </FormDialog>
  );
}
