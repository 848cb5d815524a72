"use client";

import { useRouter } from "next/navigation";
import { ShieldAlert } from "lucide-react";
import { toast } from "sonner";
import { StepUpCodeField } from "@/components/auth/step-up";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { reportLeakAction } from "@/lib/keys/actions";
import type { ConsoleLeakResult } from "@/lib/keys/leaks";
import type { LeakResponse } from "@/lib/keys/policy";
import { reportLeakSchema } from "@/lib/keys/schemas";

// "Report a leaked secret" (README.md, "Leaked keys"): an owner or admin pastes a secret, or a log
// or file that holds some; every kp_ secret in it with a valid checksum is reported, and its key
// disabled or revoked as the key policy says. Revoking asks for an authenticator code.

function summary(result: ConsoleLeakResult): string {
  const acted = result.secrets.filter(
    (secret) => secret.outcome === "disabled" || secret.outcome === "revoked",
  );
  const already = result.secrets.filter((secret) => secret.outcome === "unchanged").length;
  const unknown = result.secrets.filter((secret) => !secret.found).length;
  const verb = result.response === "revoke" ? "revoked" : "disabled";
  const parts = [
    acted.length > 0 ? `${acted.length} ${acted.length === 1 ? "key" : "keys"} ${verb}` : null,
    already > 0 ? `${already} already ${verb}` : null,
    unknown > 0 ? `${unknown} not a secret of this organization` : null,
  ];
  return parts.filter(Boolean).join(", ");
}

export function ReportLeakDialog({
  organizationId,
  leakResponse,
}: {
  organizationId: string;
  leakResponse: LeakResponse;
}) {
  const router = useRouter();
  const { form, dialog } = useFormDialog({
    schema: reportLeakSchema,
    defaultValues: { organizationId, text: "", totpCode: "" },
    action: reportLeakAction,
    onSuccess: (result) => {
      toast.success(`Leak reported: ${summary(result)}.`);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const revokes = leakResponse === "revoke";

  return (
    <FormDialog
      {...dialog}
      trigger={
        <Button variant="outline">
          <ShieldAlert aria-hidden /> Report a leaked secret
        </Button>
      }
      className="sm:max-w-lg"
      title="Report a leaked secret"
      description={
        revokes
          ? "Every Keyplane secret found in the text is reported as leaked and its key is revoked for good (the key policy says so). The report is audited and sent as the key.leaked webhook event."
          : "Every Keyplane secret found in the text is reported as leaked and its key is disabled (the key policy says so); enable it again once it is rolled. The report is audited and sent as the key.leaked webhook event."
      }
      submitLabel={revokes ? "Report and revoke" : "Report and disable"}
      destructive
    >
      <FormField
        label="Secret, or text containing secrets"
        description="Only kp_… secrets with a valid checksum are looked for; nothing else in the text is kept."
        error={errors.text}
        required
      >
        <Textarea
          rows={6}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          {...form.register("text")}
        />
      </FormField>
      {revokes ? <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} /> : null}
    </FormDialog>
  );
}
