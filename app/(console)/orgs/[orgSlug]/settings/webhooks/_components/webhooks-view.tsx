"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { RefreshCw, Send, Webhook } from "lucide-react";
import { toast } from "sonner";
import { Badge, CodeBadges } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { resendWebhookDeliveryAction, sendTestWebhookAction } from "@/lib/webhooks/actions";
import type { DeliveryRow, WebhookRow } from "@/lib/webhooks/queries";
import { AddWebhookDialog, WebhookSecretDialog, type CreatedWebhook } from "./add-webhook-dialog";
import { DeleteWebhookDialog } from "./delete-webhook-dialog";

type Endpoint = WebhookRow & { deliveries: DeliveryRow[] };

export function WebhooksView({
  organizationId,
  endpoints,
}: {
  organizationId: string;
  endpoints: Endpoint[];
}) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const add = <AddWebhookDialog organizationId={organizationId} onCreated={setCreated} />;
  const secretDialog = <WebhookSecretDialog created={created} onClose={() => setCreated(null)} />;
  if (endpoints.length === 0) {
    return (
      <>
        {secretDialog}
        <EmptyState
          icon={Webhook}
          title="No webhooks yet"
          description="Add an endpoint to be told when keys are created, changed, rolled, disabled, revoked or deleted."
          action={add}
        />
      </>
    );
  }
  return (
    <div className="space-y-6">
      {secretDialog}
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="outline"
          size="sm"
          loading={refreshing}
          onClick={() => startRefresh(() => router.refresh())}
        >
          <RefreshCw aria-hidden /> Refresh
        </Button>
        {add}
      </div>
      {endpoints.map((endpoint) => (
        <EndpointCard key={endpoint.id} organizationId={organizationId} endpoint={endpoint} />
      ))}
    </div>
  );
}

function EndpointCard({ organizationId, endpoint }: { organizationId: string; endpoint: Endpoint }) {
  const [pending, startTransition] = useTransition();

  function sendTest() {
    startTransition(async () => {
      const result = await sendTestWebhookAction({ organizationId, webhookId: endpoint.id });
      if (result.ok) toast.success("Test event queued");
      else toast.error(result.message);
    });
  }

  return (
    <Card data-testid="webhook-endpoint">
      <CardHeader>
        <CardTitle className="font-mono text-sm break-all">{endpoint.url}</CardTitle>
        <CardDescription>
          <span className="sr-only">Events: </span>
          <CodeBadges items={endpoint.events} className="pt-1" />
        </CardDescription>
        <CardAction className="flex gap-1">
          <Button variant="outline" size="sm" loading={pending} onClick={sendTest}>
            <Send aria-hidden /> Send test event
          </Button>
          <DeleteWebhookDialog organizationId={organizationId} webhook={endpoint} />
        </CardAction>
      </CardHeader>
      <CardContent>
        <DeliveryLog organizationId={organizationId} deliveries={endpoint.deliveries} />
      </CardContent>
    </Card>
  );
}

const STATUS: Record<string, { label: string; variant: "success" | "warning" | "destructive" }> = {
  delivered: { label: "Delivered", variant: "success" },
  pending: { label: "Pending", variant: "warning" },
  failed: { label: "Failed", variant: "destructive" },
};

function DeliveryLog({ organizationId, deliveries }: { organizationId: string; deliveries: DeliveryRow[] }) {
  if (deliveries.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No deliveries yet. Send a test event to try the endpoint.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table aria-label="Delivery log">
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Event</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Time</TableHead>
            <TableHead className="text-right">Response</TableHead>
            <TableHead className="text-right">Attempts</TableHead>
            <TableHead className="w-24 pr-4 text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {deliveries.map((delivery) => (
            <DeliveryLine key={delivery.id} organizationId={organizationId} delivery={delivery} />
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function DeliveryLine({ organizationId, delivery }: { organizationId: string; delivery: DeliveryRow }) {
  const [pending, startTransition] = useTransition();
  const [queued, setQueued] = useState(false);
  const status = STATUS[delivery.status] ?? STATUS.pending;

  function resend() {
    startTransition(async () => {
      const result = await resendWebhookDeliveryAction({ organizationId, deliveryId: delivery.id });
      if (result.ok) {
        setQueued(true);
        toast.success(`${delivery.eventType} queued again`);
      } else toast.error(result.message);
    });
  }

  return (
    <TableRow data-testid="webhook-delivery">
      <TableCell className="pl-4">
        <code className="font-mono text-[13px]">{delivery.eventType}</code>
        <div className="font-mono text-xs text-muted-foreground">{delivery.eventId}</div>
      </TableCell>
      <TableCell>
        <Badge variant={status?.variant}>{status?.label}</Badge>
        {delivery.lastError ? (
          <div className="mt-1 max-w-xs truncate text-xs text-muted-foreground" title={delivery.lastError}>
            {delivery.lastError}
          </div>
        ) : null}
      </TableCell>
      <TableCell className="text-sm whitespace-nowrap">
        {formatDateTime(delivery.deliveredAt ?? delivery.lastAttemptAt ?? delivery.createdAt)}
        {delivery.status === "pending" && delivery.attempts > 0 ? (
          <div className="text-xs text-muted-foreground">
            next try {formatDateTime(delivery.nextAttemptAt)}
          </div>
        ) : null}
      </TableCell>
      <TableCell className="text-right tabular-nums">{delivery.lastResponseCode ?? "—"}</TableCell>
      <TableCell className="text-right tabular-nums">{delivery.attempts}</TableCell>
      <TableCell className="pr-4 text-right">
        <Button variant="ghost" size="sm" loading={pending} disabled={queued} onClick={resend}>
          {queued ? "Queued" : "Resend"}
        </Button>
      </TableCell>
    </TableRow>
  );
}
