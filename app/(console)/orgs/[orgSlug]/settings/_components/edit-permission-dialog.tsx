"use client";

import { useState } from "react";
import { Pencil } from "lucide-react";
import { toast } from "sonner";
import { useActionForm } from "@/components/forms/use-action-form";
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
import { Textarea } from "@/components/ui/textarea";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { CatalogPermission } from "@/lib/orgs/catalog";
import { updatePermissionSchema } from "@/lib/orgs/settings-schemas";
import { updatePermissionDescriptionAction } from "@/lib/orgs/actions";

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
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset(defaults);
      }}
    >
      <Tooltip>
        <TooltipTrigger asChild>
          <DialogTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label={`Edit description of ${permission.name}`}>
              <Pencil aria-hidden />
            </Button>
          </DialogTrigger>
        </TooltipTrigger>
        <TooltipContent>Edit description</TooltipContent>
      </Tooltip>
      <DialogContent>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>
              Edit <code className="font-mono">{permission.name}</code>
            </DialogTitle>
            <DialogDescription>
              The name is what keys and data planes refer to, so it stays; the description can change.
            </DialogDescription>
          </DialogHeader>
          <FormField label="Description" error={form.formState.errors.description}>
            <Textarea autoFocus rows={3} {...form.register("description")} />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} disabled={!form.formState.isDirty}>
              Save description
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
