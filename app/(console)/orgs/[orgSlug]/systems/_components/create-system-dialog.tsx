"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { ConnectPanel } from "@/components/keys/connect-panel";
import { ExpiryField } from "@/components/keys/expiry-field";
import { KeyLabelField, KeyPermissionsField } from "@/components/keys/key-form-fields";
import { RevealSecretsDialog } from "@/components/keys/reveal-secrets-dialog";
import type { KeyTableContext, RevealedSecrets } from "@/components/keys/types";
import { SwitchField } from "@/components/forms/switch-field";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { slugify } from "@/lib/orgs/schemas";
import { createSystemWithKeySchema } from "@/lib/systems/schemas";
import { createSystemAction } from "@/lib/systems/actions";

type Props = {
  organizationId: string;
  orgSlug: string;
  /** Permissions a system key may hold. */
  catalog: KeyTableContext["catalog"];
  policy: Pick<KeyTableContext["policy"], "defaultLifetimeDays" | "minLifetimeDays" | "maxLifetimeDays">;
  publicUrl: string;
};

type Created = {
  system: { id: string; name: string; slug: string };
  revealed: RevealedSecrets;
};

/** The first key's label, from the system's name: "Payments EU" → "payments-eu-dataplane". */
function suggestedLabel(name: string): string {
  const slug = slugify(name);
  return slug === "" ? "" : `${slug}-dataplane`;
}

export function CreateSystemDialog({ organizationId, orgSlug, catalog, policy, publicUrl }: Props) {
  // The new key's secret lives here (client memory) until the reveal dialog closes.
  const [created, setCreated] = useState<Created | null>(null);
  const [connecting, setConnecting] = useState(false);
  const router = useRouter();
  const defaults = {
    organizationId,
    name: "",
    description: "",
    withKey: true,
    keyLabel: "",
    keyPermissions: [] as string[],
    keyExpiry: "",
  };
  const { form, dialog } = useFormDialog({
    schema: createSystemWithKeySchema,
    defaultValues: defaults,
    action: createSystemAction,
    onSuccess: ({ firstKey, ...system }) => {
      toast.success(`System “${system.name}” created`);
      if (!firstKey) {
        router.push(`/orgs/${orgSlug}/systems/${system.id}`);
        return;
      }
      const { key, secrets } = firstKey;
      setCreated({
        system,
        revealed: {
          keyId: key.id,
          label: key.label,
          title: "Key created",
          ...secrets,
          connect: {
            keyId: key.id,
            label: key.label,
            system: { id: system.id, slug: system.slug },
            limitedTo: [],
            permissions: [...key.permissions].sort(),
          },
        },
      });
      // No router.refresh(): the action's revalidation already re-renders the list behind.
    },
  });
  const { errors } = form.formState;
  const withKey = form.watch("withKey") === true;

  function finish() {
    const systemId = created?.system.id;
    setConnecting(false);
    setCreated(null);
    if (systemId) router.push(`/orgs/${orgSlug}/systems/${systemId}`);
  }

  return (
    <>
      <FormDialog
        {...dialog}
        trigger={
          <Button>
            <Plus aria-hidden /> Create system
          </Button>
        }
        className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-xl"
        title="Create system"
        description="A cluster, deployment, dataset or data API that has its own keys."
        submitLabel="Create system"
      >
        <FormField label="Name" description="Unique within the organization." error={errors.name} required>
          <Input
            autoFocus
            placeholder="payments-eu"
            {...form.register("name", {
              onChange: (event: { target: { value: string } }) => {
                if (!form.getFieldState("keyLabel").isDirty)
                  form.setValue("keyLabel", suggestedLabel(event.target.value));
              },
            })}
          />
        </FormField>
        <FormField label="Description" error={errors.description}>
          <Textarea rows={2} placeholder="What runs here, who owns it" {...form.register("description")} />
        </FormField>

        <fieldset className="grid gap-4 rounded-lg border p-4 data-[on=true]:bg-muted/30" data-on={withKey}>
          <legend className="sr-only">First key</legend>
          <SwitchField
            control={form.control}
            name="withKey"
            label="Also create its first key"
            description="A key for this system's data planes. Its secret is shown once, right after."
          />
          {withKey ? (
            <>
              <div className="grid gap-4 sm:grid-cols-2">
                <KeyLabelField
                  label="Key label"
                  error={errors.keyLabel}
                  placeholder="payments-eu-dataplane"
                  {...form.register("keyLabel")}
                />
                <ExpiryField
                  control={form.control}
                  name="keyExpiry"
                  policy={policy}
                  error={errors.keyExpiry}
                />
              </div>
              <KeyPermissionsField
                control={form.control}
                name="keyPermissions"
                description={catalog.length > 0 ? "From the organization's catalog (Settings)." : undefined}
                error={errors.keyPermissions}
                catalog={catalog}
                empty="The catalog has no permissions for system keys yet. The key can still be verified without one."
              />
            </>
          ) : null}
        </fieldset>
      </FormDialog>

      <RevealSecretsDialog
        revealed={created?.revealed ?? null}
        onClose={finish}
        onConnect={() => setConnecting(true)}
      />
      {/* Opened over the reveal dialog, so the curl snippet may carry the secret still on screen. */}
      <ConnectPanel
        target={connecting && created ? created.revealed.connect : null}
        publicUrl={publicUrl}
        systems={created ? [created.system] : []}
        secret={created ? (created.revealed.primary ?? null) : null}
        onClose={() => setConnecting(false)}
      />
    </>
  );
}
