"use client";

import { useState } from "react";
import { Pencil } from "lucide-react";
import { toast } from "sonner";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { CatalogPermission } from "@/lib/orgs/catalog";
import { updatePermissionSchema } from "@/lib/orgs/settings-schemas";
import { updatePermissionDescriptionAction } from "../actions";

type Props = { organizationId: string; permission: CatalogPermission };

export function EditPermissionDialog({ organizationId, permission }: Props) {
  const [open, setOpen] = useState(false);
  const defaults = { organizationId, permissionId: permission.id, description: permission.description };
  const { form, onSubmit, pending } = useActionForm({
    schema: updatePermissionSchema,
    defaultValues: defaults,
    action: updatePermissionDescriptionAction,
    onSuccess: (updated, f) => {
      toast.success(`Description of ${updated.name} saved`);
      f.reset({ organizationId, permissionId: updated.id, description: updated.description });
      setOpen(false);
    },
  });

  return (
    <Tooltip>
      <FormDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) form.reset(defaults);
        }}
        trigger={
          <TooltipTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label={`Edit description of ${permission.name}`}>
              <Pencil aria-hidden />
            </Button>
          </TooltipTrigger>
        }
        title={
          <>
            Edit <code className="font-mono">{permission.name}</code>
          </>
        }
        description="The name is what keys and data planes refer to, so it stays; the description can change."
        onSubmit={onSubmit}
        pending={pending}
        submitLabel="Save description"
        submitDisabled={!form.formState.isDirty}
      >
        <FormField label="Description" error={form.formState.errors.description}>
          <Textarea autoFocus rows={3} {...form.register("description")} />
        </FormField>
      </FormDialog>
      <TooltipContent>Edit description</TooltipContent>
    </Tooltip>
  );
}
