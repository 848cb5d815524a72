import { notFound } from "next/navigation";
import { KeySection } from "@/components/keys/key-section";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { readKeyPolicy } from "@/lib/keys/queries";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { ReportLeakDialog } from "./_components/report-leak-dialog";

export const metadata = { title: "Organization keys" };

export default async function OrganizationKeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const { org, user, role } = await getOrgPageContext(orgSlug);
  const roles = { orgRole: role };
  if (!can(roles, "org-keys:read")) notFound();
  const mayReport = can(roles, "org-keys:manage");
  const policy = mayReport ? await readKeyPolicy(org.id) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Organization keys"
        description="Keys that act for the whole organization (or the systems you limit them to): registering things, adding nodes, managing keys through the REST API."
        actions={
          policy ? <ReportLeakDialog organizationId={org.id} leakResponse={policy.leakResponse} /> : null
        }
      />
      <KeySection
        org={org}
        user={user}
        roles={roles}
        scope={{ type: "organization" }}
        searchParams={await searchParams}
      />
    </div>
  );
}
