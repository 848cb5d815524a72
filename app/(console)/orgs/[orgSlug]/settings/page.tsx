import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { getKeyPolicy } from "@/lib/orgs/policy";
import { KeyPolicyCard } from "./_components/key-policy-card";
import { OrganizationCard } from "./_components/organization-card";
import { PermissionCatalogCard, type CatalogRow } from "./_components/permission-catalog-card";

export const metadata = { title: "Settings" };

/** The catalog with, for each permission, how many live (not revoked) keys hold it. */
async function listCatalog(organizationId: string): Promise<CatalogRow[]> {
  const rows = await getDb().permission.findMany({
    where: { organizationId },
    select: {
      id: true,
      name: true,
      description: true,
      builtIn: true,
      _count: { select: { keys: { where: { key: { organizationId, state: { not: "revoked" } } } } } },
    },
    orderBy: [{ builtIn: "desc" }, { name: "asc" }],
  });
  return rows.map(({ _count, ...permission }) => ({ ...permission, liveKeys: _count.keys }));
}

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org, role } = await getOrgPageContext(orgSlug);
  const roles = { orgRole: role };
  const [policy, catalog, details] = await Promise.all([
    getKeyPolicy(getDb(), org.id),
    listCatalog(org.id),
    getDb().organization.findUnique({ where: { id: org.id }, select: { createdAt: true } }),
  ]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Settings"
        description="The organization’s details, the policy every key must follow, and the permissions keys can hold."
      />
      <OrganizationCard org={{ ...org, createdAt: details?.createdAt ?? null }} role={role} />
      <KeyPolicyCard organizationId={org.id} policy={policy} editable={can(roles, "policy:update")} />
      <PermissionCatalogCard
        organizationId={org.id}
        permissions={catalog}
        editable={can(roles, "catalog:manage")}
      />
    </div>
  );
}
