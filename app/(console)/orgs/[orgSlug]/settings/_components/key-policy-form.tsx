"use client";

import { TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { StepUpCodeField } from "@/components/auth/step-up";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { SwitchField } from "@/components/forms/switch-field";
import { CardContent, CardFooter } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import {
  POLICY_MAX_DAYS_CEILING,
  POLICY_MIN_DAYS_FLOOR,
  validatePolicy,
  type KeyPolicy,
} from "@/lib/keys/policy";
import { updateKeyPolicySchema } from "@/lib/orgs/settings-schemas";
import { updateKeyPolicyAction } from "@/lib/orgs/actions";
import { CUSTOM_SECRETS_RULE, RETRIEVABLE_SECRETS_RULE } from "./policy-copy";
import { SaveButtons } from "./save-buttons";

// The server checks min ≤ default ≤ max with the same validatePolicy; checking here too puts the
// message next to the field before a round trip.
const policyFormSchema = updateKeyPolicySchema.superRefine((value, ctx) => {
  const check = validatePolicy(value);
  if (check.ok) return;
  for (const error of check.errors) {
    ctx.addIssue({ code: "custom", path: [error.field], message: `${error.message}.` });
  }
});

const LIFETIME_FIELDS = [
  {
    name: "defaultLifetimeDays",
    label: "Default lifetime",
    hint: "For keys created without an expiry date.",
  },
  { name: "minLifetimeDays", label: "Minimum lifetime", hint: "The earliest expiry a key may have." },
  { name: "maxLifetimeDays", label: "Maximum lifetime", hint: "The latest expiry a key may have." },
] as const;

type Props = { organizationId: string; policy: KeyPolicy };

/** What the form holds: number fields hold text, and the step-up code starts empty. */
function formValues(organizationId: string, policy: KeyPolicy) {
  return {
    organizationId,
    defaultLifetimeDays: String(policy.defaultLifetimeDays),
    minLifetimeDays: String(policy.minLifetimeDays),
    maxLifetimeDays: String(policy.maxLifetimeDays),
    allowCustomSecrets: policy.allowCustomSecrets,
    retrievableSecrets: policy.retrievableSecrets,
    expiryWarningDays: policy.expiryWarningDays.join(", "),
    leakResponse: policy.leakResponse,
    totpCode: "",
  };
}

export function KeyPolicyForm({ organizationId, policy }: Props) {
  const { form, onSubmit, pending } = useActionForm({
    schema: policyFormSchema,
    defaultValues: formValues(organizationId, policy),
    action: updateKeyPolicyAction,
    onSuccess: (data, f) => {
      toast.success("Key policy saved");
      f.reset(formValues(organizationId, data.policy));
    },
  });
  const { errors, dirtyFields } = form.formState;
  // Every policy change needs a fresh step-up: the code is asked for once something changed.
  const changed = Object.keys(dirtyFields).some((name) => name !== "totpCode");
  const retrievable = form.watch("retrievableSecrets") === true;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Key policy" className="grid gap-6">
      <CardContent className="grid gap-6">
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <legend className="sr-only">Key lifetime</legend>
          {LIFETIME_FIELDS.map((field) => (
            <FormField
              key={field.name}
              label={field.label}
              description={field.hint}
              error={errors[field.name]}
              className="content-start"
            >
              {(control) => (
                <div className="relative">
                  <Input
                    {...control}
                    type="number"
                    inputMode="numeric"
                    min={POLICY_MIN_DAYS_FLOOR}
                    max={POLICY_MAX_DAYS_CEILING}
                    step={1}
                    className="pr-12 tabular-nums"
                    {...form.register(field.name, {
                      // A change to one bound can make another field right or wrong.
                      deps: LIFETIME_FIELDS.map((f) => f.name).filter((name) => name !== field.name),
                    })}
                  />
                  <span
                    aria-hidden
                    className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-muted-foreground"
                  >
                    days
                  </span>
                </div>
              )}
            </FormField>
          ))}
        </fieldset>

        <FormField
          label="Expiry warnings"
          description="Days before a key expires at which it is flagged as expiring soon, e.g. 14, 7, 1. The largest sets the “Expiring soon” filter and the overview card."
          error={errors.expiryWarningDays}
          className="max-w-sm"
        >
          {(control) => (
            <Input
              {...control}
              inputMode="numeric"
              autoComplete="off"
              className="tabular-nums"
              {...form.register("expiryWarningDays")}
            />
          )}
        </FormField>

        <FormField
          label="When a secret is reported leaked"
          description="What happens to a key whose secret is reported exposed (GitHub secret scanning, your own scanners, or Report a leaked secret)."
          error={errors.leakResponse}
          className="max-w-sm"
        >
          {(control) => (
            <NativeSelect {...control} {...form.register("leakResponse")}>
              <option value="disable">Disable the key (it can be enabled again)</option>
              <option value="revoke">Revoke the key (for good)</option>
            </NativeSelect>
          )}
        </FormField>

        <div className="grid gap-3 border-t pt-6">
          <SwitchField
            control={form.control}
            name="allowCustomSecrets"
            label="Allow custom secret values"
            description={CUSTOM_SECRETS_RULE}
            error={errors.allowCustomSecrets}
            className="rounded-lg border p-4"
          />
          <SwitchField
            control={form.control}
            name="retrievableSecrets"
            label="Retrievable secrets"
            description={RETRIEVABLE_SECRETS_RULE}
            error={errors.retrievableSecrets}
            className="rounded-lg border p-4"
          />
          <RetrievableWarning saved={policy.retrievableSecrets} chosen={retrievable} />
        </div>
        {changed ? (
          <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} />
        ) : null}
      </CardContent>
      <CardFooter className="flex-col items-stretch gap-3 border-t sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-muted-foreground">
          Bounds range from {POLICY_MIN_DAYS_FLOOR} to {POLICY_MAX_DAYS_CEILING} days.
        </p>
        <div className="flex gap-2 sm:justify-end">
          <SaveButtons
            changed={changed}
            pending={pending}
            onDiscard={() => form.reset()}
            saveLabel="Save policy"
          />
        </div>
      </CardFooter>
    </form>
  );
}

/** Retrievable secrets trade safety for convenience; say what changes before it is saved. */
function RetrievableWarning({ saved, chosen }: { saved: boolean; chosen: boolean }) {
  if (chosen) {
    return (
      <Alert variant="warning">
        <TriangleAlert aria-hidden />
        <AlertTitle>Stored secrets can be read again</AlertTitle>
        <AlertDescription>
          <p>
            Secrets are kept encrypted with the server’s encryption key as well as hashed. Anyone holding both
            the database and that key could decrypt them. Admins can reveal a secret only after a fresh
            authenticator code, and every view is audited. Secrets made before this was turned on stay
            hash-only.
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  if (saved) {
    return (
      <Alert variant="destructive">
        <TriangleAlert aria-hidden />
        <AlertTitle>Saving erases every stored secret</AlertTitle>
        <AlertDescription>
          <p>
            Only hashes are kept from then on. Existing keys keep working, but their secrets can no longer be
            viewed; a lost secret must be rolled or regenerated.
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}
