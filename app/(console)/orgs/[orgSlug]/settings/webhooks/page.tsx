import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { listDeliveries, listWebhooks } from "@/lib/webhooks/queries";
import { WebhooksView } from "./_components/webhooks-view";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org, role } = await getOrgPageContext(orgSlug);
  if (!can({ orgRole: role }, "webhooks:manage")) notFound();
  const webhooks = await listWebhooks(org.id);
  const endpoints = await Promise.all(
    webhooks.map(async (webhook) => ({ ...webhook, deliveries: await listDeliveries(org.id, webhook.id) })),
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive this organization's key events, each signed with its own secret in the Keyplane-Signature header."
      />
      <WebhooksView organizationId={org.id} endpoints={endpoints} />
    </div>
  );
}
