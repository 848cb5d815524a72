"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { UserPlus } from "lucide-react";
import { toast } from "sonner";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { RoleRadioGroup } from "@/components/members/role-radio-group";
import { SetPasswordLinkDialog, type IssuedLink } from "@/components/members/set-password-link-dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { StepUpCodeField } from "@/components/auth/step-up";
import { orgRoleGrantNeedsStepUp } from "@/lib/auth/permissions";
import { addMemberSchema } from "@/lib/members/schemas";
import { addMemberAction } from "@/lib/members/actions";
import { ORG_ROLE_OPTIONS } from "./role-options";

export function AddMemberDialog({ organizationId }: { organizationId: string }) {
  const [link, setLink] = useState<IssuedLink | null>(null);
  const router = useRouter();
  const { form, dialog } = useFormDialog({
    schema: addMemberSchema,
    defaultValues: { organizationId, email: "", name: "", role: "member", totpCode: "" },
    action: addMemberAction,
    onSuccess: (member) => {
      // An existing account is named, so the owner can tell it is the person they meant.
      toast.success(
        member.newAccount
          ? `${member.email} added`
          : `${member.email} added (existing account: ${member.name})`,
      );
      if (member.setPasswordToken) {
        setLink({ email: member.email, token: member.setPasswordToken, newAccount: member.newAccount });
      }
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const role = form.watch("role");

  return (
    <>
      <FormDialog
        {...dialog}
        trigger={
          <Button>
            <UserPlus aria-hidden /> Add member
          </Button>
        }
        className="sm:max-w-lg"
        title="Add member"
        description="Someone new gets an account and a one-time link to set their password. Someone who already has an account is simply added."
        submitLabel="Add member"
      >
        <FormField label="Email" error={errors.email} required>
          <Input type="email" autoComplete="off" autoFocus {...form.register("email")} />
        </FormField>
        <FormField label="Name" description="For a new account; optional." error={errors.name}>
          <Input autoComplete="off" {...form.register("name")} />
        </FormField>
        <RoleRadioGroup
          legend="Role"
          options={ORG_ROLE_OPTIONS}
          value={role}
          onValueChange={(next) => form.setValue("role", next, { shouldValidate: true })}
          error={errors.role?.message}
        />
        {orgRoleGrantNeedsStepUp(null, role) ? (
          <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} />
        ) : null}
      </FormDialog>
      <SetPasswordLinkDialog link={link} onClose={() => setLink(null)} />
    </>
  );
}
