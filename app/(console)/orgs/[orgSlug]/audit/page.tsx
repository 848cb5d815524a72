import { Activity } from "lucide-react";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { parseAuditQuery } from "@/lib/audit/filters";
import { getAuditFacets } from "@/lib/audit/facets";
import { anchorConfigured } from "@/lib/audit/checkpoints";
import { getAuditEntry, getChainHead, listAuditPage, listCheckpoints } from "@/lib/audit/queries";
import { can } from "@/lib/auth/permissions";
import { getParam } from "@/lib/data-table/search-params";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { AuditLog } from "./_components/audit-log";
import { ChainHead } from "./_components/chain-head";
import { Checkpoints } from "./_components/checkpoints";
import { ExportMenu } from "./_components/export-menu";
import { VerifyChainButton } from "./_components/verify-chain-dialog";

export const metadata = { title: "Audit" };

type Props = {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function AuditPage({ params, searchParams }: Props) {
  const { orgSlug } = await params;
  const { org, role } = await getOrgPageContext(orgSlug);
  const roles = { orgRole: role };
  // Members get the same 404 as a missing page: the log is for owners, admins and auditors.
  if (!can(roles, "audit:read")) notFound();
  const search = await searchParams;
  const query = parseAuditQuery(search);
  const entryId = getParam(search, "entry");
  const [page, facets, head, checkpoints, linkedEntry] = await Promise.all([
    listAuditPage(org.id, query),
    getAuditFacets(org.id),
    getChainHead(org.id),
    listCheckpoints(org),
    entryId ? getAuditEntry(org.id, entryId.slice(0, 100)) : null,
  ]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change in this organization: who, when, from where, and what changed. Entries are hash-chained, so a removed or altered entry is detected."
        actions={
          <>
            <VerifyChainButton organizationId={org.id} />
            {can(roles, "audit:export") ? <ExportMenu orgSlug={org.slug} /> : null}
          </>
        }
      />
      {head ? (
        <>
          <ChainHead org={org} head={head} />
          <Checkpoints
            organizationId={org.id}
            rows={checkpoints.rows}
            newest={checkpoints.newest}
            canCreate={can(roles, "audit:checkpoint")}
            anchored={anchorConfigured()}
          />
          <AuditLog
            rows={page.rows}
            totalCount={page.totalCount}
            pageCount={page.pageCount}
            dir={query.dir}
            facets={facets}
            linkedEntry={linkedEntry}
          />
        </>
      ) : (
        <EmptyState
          icon={Activity}
          title="No audit entries yet"
          description="Changes to systems, keys, members and settings are recorded here as they happen."
        />
      )}
    </div>
  );
}
