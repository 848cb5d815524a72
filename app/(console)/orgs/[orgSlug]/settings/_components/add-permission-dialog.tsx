"use client";

import { Plus } from "lucide-react";
import { toast } from "sonner";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { addPermissionSchema } from "@/lib/orgs/settings-schemas";
import { addPermissionAction } from "@/lib/orgs/actions";

export function AddPermissionDialog({ organizationId }: { organizationId: string }) {
  const { form, dialog } = useFormDialog({
    schema: addPermissionSchema,
    defaultValues: { organizationId, name: "", description: "" },
    action: addPermissionAction,
    onSuccess: (permission) => {
      toast.success(`Permission ${permission.name} added`);
    },
  });
  const { errors } = form.formState;

  return (
    <FormDialog
      {...dialog}
      trigger={
        <Button size="sm">
          <Plus aria-hidden /> Add permission
        </Button>
      }
      title="Add permission"
      description="Keys can then be given this permission, and data planes can ask whether a key holds it."
      submitLabel="Add permission"
    >
      <FormField
        label="Name"
        description="Lower-case words separated by colons, usually resource:action. It cannot be renamed later."
        error={errors.name}
        required
      >
        <Input
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder="catalog:register"
          className="font-mono"
          {...form.register("name")}
        />
      </FormField>
      <FormField label="Description" description="What a key holding it may do." error={errors.description}>
        <Textarea rows={2} placeholder="Register datasets in the catalog" {...form.register("description")} />
      </FormField>
    </FormDialog>
  );
}
