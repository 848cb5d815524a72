"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { updateKeyAction } from "@/lib/keys/actions";
import { StepUpCodeField } from "@/components/auth/step-up";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { KeyDetails } from "@/lib/keys/details";
import { updateKeySchema } from "@/lib/keys/schemas";
import { keyWidenings, type KeyReach } from "@/lib/keys/widening";
import {
  AllowedRangesField,
  KeyPermissionsField,
  KeyUsageFields,
  SystemLimitsField,
  usageFormValues,
} from "./key-form-fields";
import type { KeyTableContext } from "./types";

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The usage fields the person left as they were: sent as "unchanged" (omitted). */
function unchangedUsage<T extends Record<string, unknown>>(values: T, original: Record<string, unknown>) {
  const sent: Record<string, unknown> = { ...values };
  for (const [field, value] of Object.entries(original)) {
    if (JSON.stringify(values[field]) === JSON.stringify(value)) sent[field] = undefined;
  }
  return sent as T;
}

/**
 * Edit label, description, expiry (within policy), IP ranges, permissions, system limits, rate
 * limits, credits and metadata.
 */
export function EditKeyForm({
  details,
  context,
  onDone,
}: {
  details: KeyDetails;
  context: KeyTableContext;
  onDone: () => void;
}) {
  const router = useRouter();
  // Set when the server asked for a code the form did not expect to need.
  const [asked, setAsked] = useState(false);
  const originalDay = isoDay(new Date(details.expiresAt));
  const originalUsage = usageFormValues(details);
  const { form, onSubmit, pending } = useActionForm({
    schema: updateKeySchema,
    defaultValues: {
      keyId: details.id,
      expectedVersion: details.version,
      label: details.label,
      description: details.description,
      permissions: details.permissions,
      allowedCidrs: details.allowedCidrs.join("\n"),
      expiresAt: originalDay,
      systemLimits: details.systemLimits.map((s) => s.id),
      ...originalUsage,
      totpCode: "",
    },
    // The date field shows a day; an untouched day must not move the exact expiry to midnight.
    // Untouched usage fields are omitted too: setting the balance the form was opened with would
    // undo the credits spent since (lib/keys/update.ts writes only what changed).
    action: async (values) => {
      const expiresAt = values.expiresAt !== originalDay ? values.expiresAt : undefined;
      const result = await updateKeyAction({ ...unchangedUsage(values, originalUsage), expiresAt });
      if (!result.ok && result.fieldErrors?.totpCode) setAsked(true);
      return result;
    },
    onSuccess: () => {
      toast.success("Key saved");
      onDone();
      router.refresh();
    },
  });
  const { errors } = form.formState;
  function changedExpiry(expiresAt: Date | undefined): Date | undefined {
    return expiresAt && isoDay(expiresAt) !== originalDay ? expiresAt : undefined;
  }
  // Widening the key (more permissions, addresses, systems or time) needs a fresh code; the
  // server decides with the same function (lib/keys/grants.ts).
  const parsed = updateKeySchema.safeParse(form.watch());
  const before: KeyReach = {
    permissions: details.permissions,
    allowedCidrs: details.allowedCidrs,
    expiresAt: new Date(details.expiresAt),
    systemLimits: details.systemLimits.map((s) => s.id),
  };
  const widens =
    parsed.success &&
    keyWidenings(before, {
      permissions: parsed.data.permissions ?? before.permissions,
      allowedCidrs: parsed.data.allowedCidrs ?? before.allowedCidrs,
      expiresAt: changedExpiry(parsed.data.expiresAt) ?? before.expiresAt,
      systemLimits: parsed.data.systemLimits ?? before.systemLimits,
    }).length > 0;
  const needsCode = asked || widens;

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField label="Label" error={errors.label} required>
        <Input autoFocus {...form.register("label")} />
      </FormField>
      <FormField label="Description" error={errors.description}>
        <Textarea rows={2} {...form.register("description")} />
      </FormField>
      <FormField
        label="Expires on"
        description={`Within ${context.policy.minLifetimeDays}–${context.policy.maxLifetimeDays} days of now (organization policy).`}
        error={errors.expiresAt}
      >
        <Input type="date" className="w-44" {...form.register("expiresAt")} />
      </FormField>
      <KeyPermissionsField
        control={form.control}
        name="permissions"
        error={errors.permissions}
        catalog={context.catalog}
        empty="The catalog has no permissions yet."
      />
      <AllowedRangesField error={errors.allowedCidrs} {...form.register("allowedCidrs")} />
      {details.systemId === null ? (
        <SystemLimitsField
          control={form.control}
          name="systemLimits"
          error={errors.systemLimits}
          systems={context.systems}
        />
      ) : null}
      <KeyUsageFields form={form} />
      {needsCode ? (
        <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} />
      ) : null}
      <div className="flex gap-2">
        <Button
          type="submit"
          loading={pending}
          disabled={needsCode && !context.totpEnabled && !context.passkeyEnabled}
        >
          Save changes
        </Button>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
