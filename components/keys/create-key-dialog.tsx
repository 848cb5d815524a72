"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller } from "react-hook-form";
import { Plus } from "lucide-react";
import { createKeyAction } from "@/app/(console)/orgs/[orgSlug]/keys/actions";
import { StepUpCodeField } from "@/components/auth/step-up";
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
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { createKeySchema } from "@/lib/keys/schemas";
import { creationWidenings } from "@/lib/keys/widening";
import { ExpiryField } from "./expiry-field";
import { CheckboxListField, KeyLabelField, KeyPermissionsField } from "./key-form-fields";
import { connectKeyFromDetails } from "./connect-panel";
import type { KeyTableContext, RevealedSecrets } from "./types";

type Props = { context: KeyTableContext; onCreated: (revealed: RevealedSecrets) => void };

export function CreateKeyDialog({ context, onCreated }: Props) {
  const [open, setOpen] = useState(false);
  // Set when the server asked for a code the form did not expect to need.
  const [asked, setAsked] = useState(false);
  const router = useRouter();
  const systemId = context.scope.type === "system" ? context.scope.systemId : null;
  const defaults = {
    organizationId: context.organizationId,
    systemId,
    label: "",
    description: "",
    permissions: [] as string[],
    allowedCidrs: "",
    expiry: "",
    withSecondary: false,
    customSecret: "",
    systemLimits: [] as string[],
    totpCode: "",
  };
  const { form, onSubmit, pending } = useActionForm({
    schema: createKeySchema,
    defaultValues: defaults,
    action: async (values) => {
      const result = await createKeyAction(values);
      if (!result.ok && result.fieldErrors?.totpCode) setAsked(true);
      return result;
    },
    onSuccess: (result) => {
      setOpen(false);
      setAsked(false);
      form.reset(defaults);
      onCreated({
        keyId: result.key.id,
        label: result.key.label,
        title: "Key created",
        ...result.secrets,
        connect: connectKeyFromDetails(result.key, context.systems),
      });
      router.refresh();
    },
  });
  const { errors } = form.formState;
  // A key holding keys:manage can roll and revoke every other key: minting one needs a fresh code.
  const needsCode = asked || creationWidenings(form.watch("permissions") ?? []).length > 0;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          form.reset(defaults);
          setAsked(false);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Create key
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>
              {context.scope.type === "system"
                ? `Create a key for ${context.scope.systemName}`
                : "Create an organization key"}
            </DialogTitle>
            <DialogDescription>
              {context.scope.type === "system"
                ? "A system key acts only for this system."
                : "An organization key acts for the whole organization, or only for the systems you choose."}
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-4 sm:grid-cols-2">
            <KeyLabelField
              label="Label"
              error={errors.label}
              autoFocus
              placeholder="ingest-gateway-eu"
              {...form.register("label")}
            />
            <ExpiryField control={form.control} name="expiry" policy={context.policy} error={errors.expiry} />
          </div>
          <FormField label="Description" error={errors.description}>
            <Textarea rows={2} placeholder="Who uses it, for what" {...form.register("description")} />
          </FormField>
          <KeyPermissionsField
            control={form.control}
            name="permissions"
            description="From the organization's catalog (Settings)."
            error={errors.permissions}
            catalog={context.catalog}
            empty="The catalog has no permissions yet."
          />
          <FormField
            label="Allowed IP ranges"
            description="One IPv4 or IPv6 range per line, e.g. 10.0.0.0/8. Empty means any address."
            error={errors.allowedCidrs}
          >
            <Textarea
              rows={2}
              className="font-mono text-sm"
              placeholder={"10.0.0.0/8\n2001:db8::/32"}
              {...form.register("allowedCidrs")}
            />
          </FormField>
          {context.scope.type === "organization" ? (
            <CheckboxListField
              control={form.control}
              name="systemLimits"
              label="Limit to systems"
              description="None chosen means every system."
              error={errors.systemLimits}
              options={context.systems.map((s) => ({ value: s.id, label: s.name }))}
              empty="The organization has no systems yet."
            />
          ) : null}
          <Controller
            control={form.control}
            name="withSecondary"
            render={({ field }) => (
              <FormField
                label="Also create a secondary secret"
                description="Two secrets that each work, so clients can move from one to the other without downtime."
                orientation="horizontal"
              >
                <Switch checked={field.value === true} onCheckedChange={field.onChange} />
              </FormField>
            )}
          />
          {context.policy.allowCustomSecrets ? (
            <FormField
              label="Custom secret value (optional)"
              description="At least 12 characters using three of: lower case, upper case, digits, symbols. Leave empty to generate one."
              error={errors.customSecret}
            >
              <Input
                type="password"
                autoComplete="new-password"
                className="font-mono"
                {...form.register("customSecret")}
              />
            </FormField>
          ) : null}
          {needsCode ? (
            <StepUpCodeField registration={form.register("totpCode")} error={errors.totpCode} />
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} disabled={needsCode && !context.totpEnabled}>
              Create key
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
