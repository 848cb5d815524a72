"use client";

import { useRouter } from "next/navigation";
import { Pencil } from "lucide-react";
import { toast } from "sonner";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { updateSystemSchema } from "@/lib/systems/schemas";
import { updateSystemAction } from "@/lib/systems/actions";

type Props = { system: { id: string; name: string; description: string } };

export function EditSystemDialog({ system }: Props) {
  const router = useRouter();
  const defaults = { systemId: system.id, name: system.name, description: system.description };
  const { form, dialog } = useFormDialog({
    schema: updateSystemSchema,
    defaultValues: defaults,
    action: updateSystemAction,
    onSuccess: (updated, f) => {
      toast.success("System saved");
      f.reset({ systemId: updated.id, name: updated.name, description: updated.description });
      router.refresh();
    },
  });
  const { errors } = form.formState;

  return (
    <FormDialog
      {...dialog}
      trigger={
        <Button variant="outline">
          <Pencil aria-hidden /> Edit
        </Button>
      }
      title="Edit system"
      description="Rename the system or change its description."
      submitLabel="Save changes"
    >
      <FormField label="Name" error={errors.name} required>
        <Input autoFocus {...form.register("name")} />
      </FormField>
      <FormField label="Description" error={errors.description}>
        <Textarea rows={3} {...form.register("description")} />
      </FormField>
    </FormDialog>
  );
}
