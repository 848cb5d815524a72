"use client";

import { ShieldCheck } from "lucide-react";
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
import { setTwoFactorRequirementAction } from "@/lib/orgs/actions";
import { setTwoFactorRequirementSchema } from "@/lib/orgs/settings-schemas";
import { SaveButtons } from "./save-buttons";

const TWO_FACTOR_REQUIREMENT_RULE =
  "Owners and admins without an authenticator app are sent to set one up before they can open any page of this organization or change anything in it. Members and auditors are not asked.";

type Props = { organizationId: string; required: boolean; editable: boolean };

/** "Require two-factor for owners and admins": a switch, and a fresh code to change it either way. */
export function TwoFactorRequirementCard({ organizationId, required, editable }: Props) {
  const values = (requireTwoFactor: boolean) => ({ organizationId, requireTwoFactor, totpCode: "" });
  const { form, onSubmit, pending } = useActionForm({
    schema: setTwoFactorRequirementSchema,
    defaultValues: values(required),
    action: setTwoFactorRequirementAction,
    onSuccess: (data, f) => {
      toast.success(
        data.requireTwoFactor ? "Two-factor is now required" : "Two-factor is no longer required",
      );
      f.reset(values(data.requireTwoFactor));
    },
  });
  const changed = form.watch("requireTwoFactor") !== required;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Two-factor authentication</CardTitle>
        <CardDescription>Who must sign in with a code from an authenticator app.</CardDescription>
        <CardAction>
          {required ? (
            <Badge variant="success">
              <ShieldCheck aria-hidden /> Required
            </Badge>
          ) : (
            <Badge variant="outline">Not required</Badge>
          )}
        </CardAction>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate aria-label="Two-factor requirement" className="grid gap-6">
        <CardContent className="grid gap-4">
          {editable ? (
            <SwitchField
              control={form.control}
              name="requireTwoFactor"
              label="Require two-factor for owners and admins"
              description={TWO_FACTOR_REQUIREMENT_RULE}
              error={form.formState.errors.requireTwoFactor}
              className="rounded-lg border p-4"
            />
          ) : (
            <p className="text-sm text-muted-foreground">
              {required ? TWO_FACTOR_REQUIREMENT_RULE : "Not required. Only owners change this."}
            </p>
          )}
          {editable && changed ? (
            <StepUpCodeField
              registration={form.register("totpCode")}
              error={form.formState.errors.totpCode}
            />
          ) : null}
        </CardContent>
        {editable ? (
          <CardFooter className="justify-end gap-2 border-t">
            <SaveButtons changed={changed} pending={pending} onDiscard={() => form.reset(values(required))} />
          </CardFooter>
        ) : null}
      </form>
    </Card>
  );
}
