import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { readKeyPolicy } from "@/lib/keys/queries";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { listCatalogUsage, organizationCreatedAt, readOrgSso } from "@/lib/orgs/queries";
import { countWebhooks } from "@/lib/webhooks/queries";
import { ssoSettings } from "@/lib/auth/sso";

import { KeyPolicyCard } from "./_components/key-policy-card";
import { OrganizationCard } from "./_components/organization-card";
import { PermissionCatalogCard } from "./_components/permission-catalog-card";
import { SsoSettingsCard } from "./_components/sso-settings-card";
import { TwoFactorRequirementCard } from "./_components/two-factor-requirement-card";
import { WebhooksCard } from "./_components/webhooks-card";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org, role } = await getOrgPageContext(orgSlug);
  const roles = { orgRole: role };
  if (!can(roles, "settings:read")) notFound();
  const managesWebhooks = can(roles, "webhooks:manage");
  const [policy, catalog, createdAt, webhooks, sso] = await Promise.all([
    readKeyPolicy(org.id),
    listCatalogUsage(org.id),
    organizationCreatedAt(org.id),
    managesWebhooks ? countWebhooks(org.id) : 0,
    readOrgSso(org.id),
  ]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Settings"
        description="The organization’s details, who must use two-factor, the policy every key must follow, and the permissions keys can hold."
      />
      <OrganizationCard org={{ ...org, createdAt }} role={role} />
      <TwoFactorRequirementCard
        organizationId={org.id}
        required={org.requireTwoFactor}
        editable={can(roles, "org:update")}
      />
      <SsoSettingsCard
        organizationId={org.id}
        settings={sso}
        editable={can(roles, "org:update")}
        providerName={ssoSettings()?.name ?? null}
      />
      <KeyPolicyCard organizationId={org.id} policy={policy} editable={can(roles, "policy:update")} />
      <PermissionCatalogCard
        organizationId={org.id}
        permissions={catalog}
        editable={can(roles, "catalog:manage")}
      />
      {managesWebhooks ? <WebhooksCard orgSlug={orgSlug} count={webhooks} /> : null}
    </div>
  );
}
