"use client";

import { toast } from "sonner";
import { StepUpCodeField } from "@/components/auth/step-up";
import { SwitchField } from "@/components/forms/switch-field";
import { useActionForm } from "@/components/forms/use-action-form";
import { Badge } from "@/components/ui/badge";
import {
  Card,
  CardAction,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { setSsoSettingsAction } from "@/lib/orgs/actions";
import { setSsoSettingsSchema } from "@/lib/orgs/settings-schemas";
import { SaveButtons } from "./save-buttons";

type Settings = { claim: string; mappings: { value: string; role: string }[]; requireSso: boolean };
type Props = { organizationId: string; settings: Settings; editable: boolean; providerName: string | null };

const PASSWORDS_OFF_RULE =
  "Members sign in only with single sign-on. Owners keep their password as a break-glass way in, and only with an authenticator app or a passkey.";

const mappingText = (mappings: Settings["mappings"]) =>
  mappings.map((m) => `${m.value} = ${m.role}`).join("\n");

/**
 * Single sign-on (README, "Single sign-on"): which claim of the provider says who belongs here,
 * the value → role lines just-in-time membership follows, and "passwords off". A fresh code to save.
 */
export function SsoSettingsCard({ organizationId, settings, editable, providerName }: Props) {
  const values = (s: Settings) => ({
    organizationId,
    claim: s.claim,
    mappings: mappingText(s.mappings),
    requireSso: s.requireSso,
    totpCode: "",
  });
  const { form, onSubmit, pending } = useActionForm({
    schema: setSsoSettingsSchema,
    defaultValues: values(settings),
    action: setSsoSettingsAction,
    onSuccess: (data, f) => {
      toast.success("Single sign-on settings saved");
      f.reset(values(data));
    },
  });
  const { errors, isDirty } = form.formState;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Single sign-on</CardTitle>
        <CardDescription>
          {providerName
            ? `Members who sign in with ${providerName} join this organization with the role their claim maps to, and leave it when the claim no longer does.`
            : "Single sign-on is not configured on this installation (KEYPLANE_OIDC_ISSUER)."}
        </CardDescription>
        <CardAction>
          {settings.requireSso ? (
            <Badge variant="success">Passwords off</Badge>
          ) : (
            <Badge variant="outline">Passwords allowed</Badge>
          )}
        </CardAction>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate aria-label="Single sign-on" className="grid gap-6">
        <CardContent className="grid gap-4">
          {editable ? (
            <>
              <FormField
                label="Claim"
                description="The provider's claim that lists groups, e.g. groups. Empty: no automatic membership."
                error={errors.claim}
              >
                <Input placeholder="groups" {...form.register("claim")} />
              </FormField>
              <FormField
                label="Role mappings"
                description="One per line: a value of the claim = owner, admin, auditor or member. The highest role a user's values map to applies."
                error={errors.mappings}
              >
                <Textarea
                  rows={4}
                  className="font-mono"
                  placeholder={"keyplane-owners = owner\nkeyplane-auditors = auditor"}
                  {...form.register("mappings")}
                />
              </FormField>
              <SwitchField
                control={form.control}
                name="requireSso"
                label="Require single sign-on (passwords off)"
                description={PASSWORDS_OFF_RULE}
                error={errors.requireSso}
                className="rounded-lg border p-4"
              />
              {isDirty ? (
                <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} />
              ) : null}
            </>
          ) : (
            <div className="grid gap-1 text-sm text-muted-foreground">
              <p>{settings.claim ? `Claim: ${settings.claim}` : "No automatic membership."}</p>
              {settings.mappings.map((m) => (
                <p key={m.value} className="font-mono">
                  {m.value} = {m.role}
                </p>
              ))}
              {settings.requireSso ? <p>{PASSWORDS_OFF_RULE}</p> : null}
            </div>
          )}
        </CardContent>
        {editable ? (
          <CardFooter className="justify-end gap-2 border-t">
            <SaveButtons changed={isDirty} pending={pending} onDiscard={() => form.reset(values(settings))} />
          </CardFooter>
        ) : null}
      </form>
    </Card>
  );
}
