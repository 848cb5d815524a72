"use client";

import { useState } from "react";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { addPermissionSchema } from "@/lib/orgs/settings-schemas";
import { addPermissionAction } from "../actions";

export function AddPermissionDialog({ organizationId }: { organizationId: string }) {
  const [open, setOpen] = useState(false);
  const { form, onSubmit, pending } = useActionForm({
    schema: addPermissionSchema,
    defaultValues: { organizationId, name: "", description: "" },
    action: addPermissionAction,
    onSuccess: (permission, f) => {
      toast.success(`Permission ${permission.name} added`);
      f.reset();
      setOpen(false);
    },
  });
  const { errors } = form.formState;

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset();
      }}
      trigger={
        <Button size="sm">
          <Plus aria-hidden /> Add permission
        </Button>
      }
      title="Add permission"
      description="Keys can then be given this permission, and data planes can ask whether a key holds it."
      onSubmit={onSubmit}
      pending={pending}
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
