"use client";

import { useRouter } from "next/navigation";
import { UserCog, UserMinus, UserPlus } from "lucide-react";
import { toast } from "sonner";
import { StepUpCodeField } from "@/components/auth/step-up";
import { useCodeConfirm } from "@/components/forms/use-code-confirm";
import { RowActionsMenu } from "@/components/data-table/row-actions-menu";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { RoleRadioGroup, type RoleOption } from "@/components/members/role-radio-group";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SYSTEM_ROLES, systemRoleGrantNeedsStepUp, type SystemRole } from "@/lib/auth/permissions";
import { addSystemMemberSchema, SYSTEM_ROLE_DESCRIPTIONS, SYSTEM_ROLE_LABELS } from "@/lib/members/schemas";
import {
  addSystemMemberAction,
  changeSystemMemberRoleAction,
  removeSystemMemberAction,
} from "@/lib/members/actions";

type SystemRef = { id: string; name: string };
type Candidate = { userId: string; name: string; email: string };
type SystemMemberView = Candidate & { role: SystemRole };

const SYSTEM_ROLE_OPTIONS: readonly RoleOption<SystemRole>[] = [...SYSTEM_ROLES].reverse().map((role) => ({
  value: role,
  label: SYSTEM_ROLE_LABELS[role],
  description: SYSTEM_ROLE_DESCRIPTIONS[role],
}));

export function AddSystemMemberDialog({
  system,
  candidates,
}: {
  system: SystemRef;
  candidates: Candidate[];
}) {
  const router = useRouter();
  const { form, dialog } = useFormDialog({
    schema: addSystemMemberSchema,
    defaultValues: { systemId: system.id, userId: "", role: "member", totpCode: "" },
    action: addSystemMemberAction,
    onSuccess: (added) => {
      toast.success(
        `${added.email} is now a ${SYSTEM_ROLE_LABELS[added.role].toLowerCase()} of ${system.name}`,
      );
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const role = form.watch("role");
  const userId = form.watch("userId");

  return (
    <FormDialog
      {...dialog}
      trigger={
        <Button variant="outline">
          <UserPlus aria-hidden /> Add to system
        </Button>
      }
      className="sm:max-w-lg"
      title={`Add to ${system.name}`}
      description="Choose an organization member. Owners add new people on the Members page."
      submitLabel="Add to system"
      submitDisabled={candidates.length === 0}
    >
      <FormField label="Member" error={errors.userId} required>
        {(control) => (
          <Select
            value={userId}
            onValueChange={(next) => form.setValue("userId", next, { shouldValidate: true })}
            disabled={candidates.length === 0}
          >
            <SelectTrigger {...control} className="w-full">
              <SelectValue
                placeholder={
                  candidates.length === 0 ? "Every member already belongs to it" : "Choose a member"
                }
              />
            </SelectTrigger>
            <SelectContent>
              {candidates.map((c) => (
                <SelectItem key={c.userId} value={c.userId}>
                  {c.name} · {c.email}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <RoleRadioGroup
        legend="System role"
        options={SYSTEM_ROLE_OPTIONS}
        value={role}
        onValueChange={(next) => form.setValue("role", next, { shouldValidate: true })}
        error={errors.role?.message}
      />
      {systemRoleGrantNeedsStepUp(null, role) ? (
        <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} />
      ) : null}
    </FormDialog>
  );
}

export function SystemMemberRowMenu({
  system,
  member,
  isSelf,
}: {
  system: SystemRef;
  member: SystemMemberView;
  isSelf: boolean;
}) {
  const router = useRouter();
  const { open, setOpen, pending, startTransition, code, close, showFailure, codeInput } = useCodeConfirm<
    "role" | "remove"
  >();
  const otherRole: SystemRole = member.role === "admin" ? "member" : "admin";
  const needsCode = systemRoleGrantNeedsStepUp(member.role, otherRole);

  function run(kind: "role" | "remove") {
    startTransition(async () => {
      const ref = { systemId: system.id, userId: member.userId };
      const result =
        kind === "role"
          ? await changeSystemMemberRoleAction({
              ...ref,
              role: otherRole,
              totpCode: needsCode ? code : undefined,
            })
          : await removeSystemMemberAction(ref);
      if (!result.ok) return showFailure(result);
      close();
      // Someone who just removed themselves can no longer see this system: back to the list.
      if (kind === "remove" && isSelf) router.replace(window.location.pathname.replace(/\/[^/]+$/, ""));
      toast.success(
        kind === "role"
          ? `${member.email} is now a ${SYSTEM_ROLE_LABELS[otherRole].toLowerCase()}`
          : `${member.email} removed from ${system.name}`,
      );
      router.refresh();
    });
  }

  return (
    <>
      <RowActionsMenu
        name={member.email}
        className="w-60"
        actions={[
          {
            key: "role",
            label: `Make ${SYSTEM_ROLE_LABELS[otherRole].toLowerCase()}…`,
            icon: UserCog,
            onSelect: () => setOpen("role"),
          },
          {
            key: "remove",
            label: "Remove from system…",
            icon: UserMinus,
            destructive: true,
            separated: true,
            onSelect: () => setOpen("remove"),
          },
        ]}
      />
      {open === "role" ? (
        <ConfirmDialog
          title={`Make ${member.name} a ${SYSTEM_ROLE_LABELS[otherRole].toLowerCase()}?`}
          description={`${SYSTEM_ROLE_DESCRIPTIONS[otherRole]}${isSelf && otherRole === "member" ? " You lose admin rights on this system at once." : ""}`}
          confirmLabel="Change role"
          pending={pending}
          onConfirm={() => run("role")}
          onClose={close}
        >
          {needsCode ? codeInput("A system admin manages this system's keys") : null}
        </ConfirmDialog>
      ) : null}
      {open === "remove" ? (
        <ConfirmDialog
          title={`Remove ${member.name} from ${system.name}?`}
          description={`${member.email} loses their role on this system at once. They stay a member of the organization.`}
          confirmLabel="Remove from system"
          destructive
          pending={pending}
          onConfirm={() => run("remove")}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}
