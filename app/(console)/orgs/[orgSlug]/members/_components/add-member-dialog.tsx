"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { UserPlus } from "lucide-react";
import { toast } from "sonner";
import { useActionForm } from "@/components/forms/use-action-form";
import { RoleRadioGroup } from "@/components/members/role-radio-group";
import { SetPasswordLinkDialog, type IssuedLink } from "@/components/members/set-password-link-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { StepUpCodeField } from "@/components/auth/step-up";
import { orgRoleGrantNeedsStepUp } from "@/lib/auth/permissions";
import { addMemberSchema } from "@/lib/members/schemas";
import { addMemberAction } from "../actions";
import { ORG_ROLE_OPTIONS } from "./role-options";

export function AddMemberDialog({ organizationId }: { organizationId: string }) {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<IssuedLink | null>(null);
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: addMemberSchema,
    defaultValues: { organizationId, email: "", name: "", role: "member", totpCode: "" },
    action: addMemberAction,
    onSuccess: (member, f) => {
      // An existing account is named, so the owner can tell it is the person they meant.
      toast.success(
        member.newAccount
          ? `${member.email} added`
          : `${member.email} added (existing account: ${member.name})`,
      );
      f.reset();
      setOpen(false);
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
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) form.reset();
        }}
      >
        <DialogTrigger asChild>
          <Button>
            <UserPlus aria-hidden /> Add member
          </Button>
        </DialogTrigger>
        <DialogContent className="sm:max-w-lg">
          <form onSubmit={onSubmit} noValidate className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Add member</DialogTitle>
              <DialogDescription>
                Someone new gets an account and a one-time link to set their password. Someone who already has
                an account is simply added.
              </DialogDescription>
            </DialogHeader>
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
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                Add member
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <SetPasswordLinkDialog link={link} onClose={() => setLink(null)} />
    </>
  );
}
