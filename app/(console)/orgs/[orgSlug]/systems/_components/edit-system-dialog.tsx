"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Pencil } from "lucide-react";
import { toast } from "sonner";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { updateSystemSchema } from "@/lib/systems/schemas";
import { updateSystemAction } from "../actions";

type Props = { system: { id: string; name: string; description: string } };

export function EditSystemDialog({ system }: Props) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const defaults = { systemId: system.id, name: system.name, description: system.description };
  const { form, onSubmit, pending } = useActionForm({
    schema: updateSystemSchema,
    defaultValues: defaults,
    action: updateSystemAction,
    onSuccess: (updated) => {
      toast.success("System saved");
      setOpen(false);
      form.reset({ systemId: updated.id, name: updated.name, description: updated.description });
      router.refresh();
    },
  });
  const { errors } = form.formState;

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset(defaults);
      }}
      trigger={
        <Button variant="outline">
          <Pencil aria-hidden /> Edit
        </Button>
      }
      title="Edit system"
      description="Rename the system or change its description."
      onSubmit={onSubmit}
      pending={pending}
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
