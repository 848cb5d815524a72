"use client";

import { Plus } from "lucide-react";
import { toast } from "sonner";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { CheckboxListField } from "@/components/keys/key-form-fields";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SecretDialog, SecretValue } from "@/components/ui/secret-value";
import { createWebhookAction } from "@/lib/webhooks/actions";
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { createWebhookSchema } from "@/lib/webhooks/schemas";

const DEFAULT_EVENTS = WEBHOOK_EVENT_TYPES.filter((type) => type.startsWith("key."));

export type CreatedWebhook = { url: string; secret: string };

/**
 * `onCreated` gets the secret: the page that owns the secret dialog keeps it, because this dialog
 * moves (from the empty state to the toolbar) when the first endpoint appears.
 */
export function AddWebhookDialog(props: {
  organizationId: string;
  onCreated: (created: CreatedWebhook) => void;
}) {
  const { organizationId, onCreated } = props;
  const { form, dialog } = useFormDialog({
    schema: createWebhookSchema,
    defaultValues: { organizationId, url: "", events: DEFAULT_EVENTS },
    action: createWebhookAction,
    onSuccess: (data) => {
      onCreated({ url: data.webhook.url, secret: data.secret });
      toast.success("Webhook added");
    },
  });
  const { errors } = form.formState;

  return (
    <FormDialog
      {...dialog}
      trigger={
        <Button size="sm">
          <Plus aria-hidden /> Add webhook
        </Button>
      }
      title="Add webhook"
      description="Keyplane POSTs each chosen event to this URL as JSON, signed with a secret you will see once."
      submitLabel="Add webhook"
    >
      <FormField
        label="Endpoint URL"
        description="http:// or https://; it must resolve to a public address."
        error={errors.url}
        required
      >
        <Input
          autoFocus
          type="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://hooks.example.com/keyplane"
          className="font-mono"
          {...form.register("url")}
        />
      </FormField>
      <CheckboxListField
        control={form.control}
        name="events"
        label="Events"
        error={errors.events}
        options={WEBHOOK_EVENT_TYPES.map((type) => ({
          value: type,
          label: type,
          hint: WEBHOOK_EVENTS[type],
        }))}
        empty=""
      />
    </FormDialog>
  );
}

/**
 * The one moment the signing secret is on screen. It lives only in the caller's state (client
 * memory); closing the dialog drops it, and no page, URL or cache ever holds it.
 */
export function WebhookSecretDialog({
  created,
  onClose,
}: {
  created: CreatedWebhook | null;
  onClose: () => void;
}) {
  return (
    <SecretDialog
      open={created !== null}
      onClose={onClose}
      title="Signing secret"
      description={
        <>
          Store this secret with the receiver at <span className="font-mono break-all">{created?.url}</span>;
          it checks each delivery&apos;s <code>Keyplane-Signature</code> header with it.
        </>
      }
      warning={{
        title: "You will not see this again",
        text: "If you lose it, delete the webhook and add it again.",
      }}
    >
      <SecretValue
        label="Signing secret"
        value={created?.secret ?? ""}
        copyLabel="Copy signing secret"
        testId="webhook-secret"
      />
    </SecretDialog>
  );
}
