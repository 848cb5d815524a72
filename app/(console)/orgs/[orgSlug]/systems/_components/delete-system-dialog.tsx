"use client";

import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { deleteSystemSchema } from "@/lib/systems/schemas";
import { deleteSystemAction } from "@/lib/systems/actions";

type Props = { system: { id: string; name: string }; orgSlug: string };

export function DeleteSystemDialog({ system, orgSlug }: Props) {
  const router = useRouter();
  const { form, dialog } = useFormDialog({
    schema: deleteSystemSchema,
    defaultValues: { systemId: system.id, confirmName: "" },
    action: deleteSystemAction,
    onSuccess: () => {
      toast.success(`System “${system.name}” deleted`);
      router.replace(`/orgs/${orgSlug}/systems`);
      router.refresh();
    },
  });
  const typed = form.watch("confirmName");

  return (
    <FormDialog
      {...dialog}
      trigger={
        <Button variant="destructive">
          <Trash2 aria-hidden /> Delete
        </Button>
      }
      title={`Delete ${system.name}?`}
      description="The system and its revoked keys are removed. A system that still has active or disabled keys cannot be deleted. Audit entries stay."
      submitLabel="Delete system"
      destructive
      submitDisabled={typed.trim() !== system.name}
    >
      <FormField
        label={
          <span>
            Type <strong className="break-all">{system.name}</strong> to confirm
          </span>
        }
        error={form.formState.errors.confirmName}
      >
        <Input autoComplete="off" autoFocus {...form.register("confirmName")} />
      </FormField>
    </FormDialog>
  );
}
