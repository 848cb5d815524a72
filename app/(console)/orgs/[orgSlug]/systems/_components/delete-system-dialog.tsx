"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
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
import { Input } from "@/components/ui/input";
import { deleteSystemSchema } from "@/lib/systems/schemas";
import { deleteSystemAction } from "@/lib/systems/actions";

type Props = { system: { id: string; name: string }; orgSlug: string };

export function DeleteSystemDialog({ system, orgSlug }: Props) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: deleteSystemSchema,
    defaultValues: { systemId: system.id, confirmName: "" },
    action: deleteSystemAction,
    onSuccess: () => {
      toast.success(`System “${system.name}” deleted`);
      setOpen(false);
      router.replace(`/orgs/${orgSlug}/systems`);
      router.refresh();
    },
  });
  const typed = form.watch("confirmName");

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="destructive">
          <Trash2 aria-hidden /> Delete
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Delete {system.name}?</DialogTitle>
            <DialogDescription>
              The system and its revoked keys are removed. A system that still has active or disabled keys
              cannot be deleted. Audit entries stay.
            </DialogDescription>
          </DialogHeader>
          <FormField
            label={
              <>
                Type <strong>{system.name}</strong> to confirm
              </>
            }
            error={form.formState.errors.confirmName}
          >
            <Input autoComplete="off" autoFocus {...form.register("confirmName")} />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="destructive"
              loading={pending}
              disabled={typed.trim() !== system.name}
            >
              Delete system
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
