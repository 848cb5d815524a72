"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
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
import { Textarea } from "@/components/ui/textarea";
import { createSystemSchema } from "@/lib/systems/schemas";
import { createSystemAction } from "../actions";

export function CreateSystemDialog({ organizationId, orgSlug }: { organizationId: string; orgSlug: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: createSystemSchema,
    defaultValues: { organizationId, name: "", description: "" },
    action: createSystemAction,
    onSuccess: (system, f) => {
      toast.success(`System “${system.name}” created`);
      f.reset();
      setOpen(false);
      router.push(`/orgs/${orgSlug}/systems/${system.id}`);
    },
  });
  const { errors } = form.formState;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Create system
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Create system</DialogTitle>
            <DialogDescription>
              A cluster, deployment, dataset or data API that has its own keys.
            </DialogDescription>
          </DialogHeader>
          <FormField label="Name" description="Unique within the organization." error={errors.name} required>
            <Input autoFocus placeholder="payments-eu" {...form.register("name")} />
          </FormField>
          <FormField label="Description" error={errors.description}>
            <Textarea rows={3} placeholder="What runs here, who owns it" {...form.register("description")} />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Create system
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
