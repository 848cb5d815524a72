"use client";

import { Pencil } from "lucide-react";
import { toast } from "sonner";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { CatalogPermission } from "@/lib/orgs/catalog";
import { updatePermissionSchema } from "@/lib/orgs/settings-schemas";
import { updatePermissionDescriptionAction } from "@/lib/orgs/actions";

type Props = { organizationId: string; permission: CatalogPermission };

export function EditPermissionDialog({ organizationId, permission }: Props) {
  const defaults = { organizationId, permissionId: permission.id, description: permission.description };
  const { form, dialog } = useFormDialog({
    schema: updatePermissionSchema,
    defaultValues: defaults,
    action: updatePermissionDescriptionAction,
    onSuccess: (updated, f) => {
      toast.success(`Description of ${updated.name} saved`);
      f.reset({ organizationId, permissionId: updated.id, description: updated.description });
    },
  });

  return (
    <Tooltip>
      <FormDialog
        {...dialog}
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
