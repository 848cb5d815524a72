"use client";

import { useState, useTransition } from "react";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Button } from "@/components/ui/button";
import { deleteWebhookAction } from "@/lib/webhooks/actions";

type Props = { organizationId: string; webhook: { id: string; url: string } };

export function DeleteWebhookDialog({ organizationId, webhook }: Props) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();

  function remove() {
    if (pending) return;
    startTransition(async () => {
      const result = await deleteWebhookAction({ organizationId, webhookId: webhook.id });
      if (result.ok) {
        setOpen(false);
        toast.success("Webhook deleted");
      } else toast.error(result.message);
    });
  }

  return (
    <ConfirmDialog
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      trigger={
        <Button
          variant="ghost"
          size="icon-sm"
          className="hover:text-destructive"
          aria-label={`Delete webhook ${webhook.url}`}
        >
          <Trash2 aria-hidden />
        </Button>
      }
      title="Delete this webhook?"
      description={
        <>
          <span className="font-mono break-all">{webhook.url}</span> gets no more events; deliveries still
          pending are dropped with it.
        </>
      }
      confirmLabel="Delete webhook"
      destructive
      pending={pending}
      onConfirm={remove}
    />
  );
}
