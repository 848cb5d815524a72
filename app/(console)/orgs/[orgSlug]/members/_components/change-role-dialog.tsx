"use client";

import { useRouter } from "next/navigation";
import { TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { RoleRadioGroup } from "@/components/members/role-radio-group";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { StepUpCodeField } from "@/components/auth/step-up";
import { orgRoleGrantNeedsStepUp, ROLE_LABELS } from "@/lib/auth/permissions";
import { changeMemberRoleSchema } from "@/lib/members/schemas";
import { changeMemberRoleAction } from "@/lib/members/actions";
import { ORG_ROLE_OPTIONS } from "./role-options";
import type { MemberView } from "./types";

type Props = { organizationId: string; member: MemberView; isSelf: boolean; onClose: () => void };

/** Rendered only while open (keyed by member), so its form starts from the member's current role. */
export function ChangeRoleDialog({ organizationId, member, isSelf, onClose }: Props) {
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: changeMemberRoleSchema,
    defaultValues: { organizationId, userId: member.userId, role: member.role, totpCode: "" },
    action: changeMemberRoleAction,
    onSuccess: (result) => {
      toast.success(`${member.email} is now ${ROLE_LABELS[result.role].toLowerCase()}`);
      onClose();
      router.refresh();
    },
  });
  const role = form.watch("role");
  const losesSystems = member.systems.length > 0 && role !== "member";
  const needsCode = orgRoleGrantNeedsStepUp(member.role, role);

  return (
    <FormDialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      className="sm:max-w-lg"
      title={`Change role of ${member.name}`}
      description={`${member.email} is ${ROLE_LABELS[member.role].toLowerCase()}. The new role applies from their very next click.`}
      onSubmit={onSubmit}
      pending={pending}
      submitLabel="Change role"
      submitDisabled={role === member.role}
    >
      <RoleRadioGroup
        legend="New role"
        options={ORG_ROLE_OPTIONS}
        value={role}
        onValueChange={(next) => form.setValue("role", next, { shouldValidate: true })}
        error={form.formState.errors.role?.message}
      />
      {isSelf && member.role === "owner" && role !== "owner" ? (
        <Alert variant="warning">
          <TriangleAlert aria-hidden />
          <AlertDescription>You are changing your own role: you lose owner rights at once.</AlertDescription>
        </Alert>
      ) : null}
      {losesSystems ? (
        <Alert variant="warning">
          <TriangleAlert aria-hidden />
          <AlertDescription>
            System roles are for members only: their roles in {member.systems.map((s) => s.name).join(", ")}{" "}
            will be removed.
          </AlertDescription>
        </Alert>
      ) : null}
      {needsCode ? (
        <StepUpCodeField registration={form.register("totpCode")} error={form.formState.errors.totpCode} />
      ) : null}
    </FormDialog>
  );
}
