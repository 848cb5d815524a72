import { KeyRound } from "lucide-react";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { getOrgPageContext } from "@/lib/orgs/active-organization";

export const metadata = { title: "Organization keys" };

export default async function OrganizationKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { role } = await getOrgPageContext(orgSlug);
  if (!can({ orgRole: role }, "org-keys:read")) notFound();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Organization keys"
        description="Keys that act for the whole organization: registering things, adding nodes, managing through the REST API."
      />
      <EmptyState
        icon={KeyRound}
        title="No organization keys yet"
        description="Organization keys act for every system of the organization."
      />
    </div>
  );
}
