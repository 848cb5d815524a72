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
    defaultValues: { organizationId, email: "", role: "member", totpCode: "" },
    action: addMemberAction,
    onSuccess: ({ invitation, link }) => {
      // The same answer whether the email has an account or not (README "Security model").
      toast.success(`${invitation.email} invited`);
      setLink({ email: invitation.email, path: link, invitation: true });
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
        description="They get a one-time invitation link to pass on. They join once they accept it: someone new sets a password, someone with an account signs in."
        submitLabel="Add member"
      >
        <FormField label="Email" error={errors.email} required>
          <Input type="email" autoComplete="off" autoFocus {...form.register("email")} />
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
