import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { KeySection } from "@/components/keys/key-section";
import { PageHeader, PageSection } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/format";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { getVisibleSystem } from "@/lib/systems/queries";
import { DeleteSystemDialog } from "../_components/delete-system-dialog";
import { EditSystemDialog } from "../_components/edit-system-dialog";
import { SystemMembers } from "../_components/system-members";

type Params = Promise<{ orgSlug: string; systemId: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { orgSlug, systemId } = await params;
  const { org, user, role } = await getOrgPageContext(orgSlug);
  const { system } = await getVisibleSystem(org.id, systemId, user.id, role);
  return { title: system.name };
}

export default async function SystemPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug, systemId } = await params;
  const { org, user, role } = await getOrgPageContext(orgSlug);
  const { system, roles } = await getVisibleSystem(org.id, systemId, user.id, role);

  return (
    <div className="space-y-6">
      <Link
        href={`/orgs/${org.slug}/systems`}
        className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ChevronLeft className="size-4" aria-hidden /> Systems
      </Link>
      <PageHeader
        title={system.name}
        description={system.description || `Created ${formatDate(system.createdAt)}`}
        actions={
          <div className="flex gap-2">
            {can(roles, "system:update") ? <EditSystemDialog system={system} /> : null}
            {can(roles, "system:delete") ? <DeleteSystemDialog system={system} orgSlug={org.slug} /> : null}
          </div>
        }
      />
      <PageSection id="system-keys" title="Keys">
        {can(roles, "system-keys:read") ? (
          <KeySection
            org={org}
            user={user}
            roles={roles}
            scope={{ type: "system", systemId: system.id, systemName: system.name }}
            searchParams={await searchParams}
          />
        ) : (
          <p className="text-sm text-muted-foreground">Only the system&apos;s admins see its keys.</p>
        )}
      </PageSection>
      <SystemMembers organizationId={org.id} system={system} roles={roles} currentUserId={user.id} />
    </div>
  );
}
