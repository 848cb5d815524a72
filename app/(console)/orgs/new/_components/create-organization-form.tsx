"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { createOrganizationAction } from "@/lib/orgs/actions";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { createOrganizationSchema } from "@/lib/orgs/schemas";

export function CreateOrganizationForm() {
  const router = useRouter();
  const { form, onSubmit, pending } = useActionForm({
    schema: createOrganizationSchema,
    defaultValues: { name: "" },
    action: createOrganizationAction,
    onSuccess: (data, f) => {
      toast.success(`Organization “${f.getValues("name")}” created`);
      router.push(`/orgs/${data.slug}`);
      router.refresh();
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField label="Organization name" error={form.formState.errors.name} required>
        <Input autoFocus autoComplete="organization" {...form.register("name")} />
      </FormField>
      <Button type="submit" loading={pending}>
        Create organization
      </Button>
    </form>
  );
}
