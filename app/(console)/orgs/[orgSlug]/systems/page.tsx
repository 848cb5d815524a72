import Link from "next/link";
import { Boxes } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { BorderedTable } from "@/components/data-table/bordered-table";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/format";
import { keyFormOptions } from "@/lib/keys/form-options";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { listVisibleSystems } from "@/lib/systems/queries";
import { CreateSystemDialog } from "./_components/create-system-dialog";

export const metadata = { title: "Systems" };

export default async function SystemsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org, user, role } = await getOrgPageContext(orgSlug);
  const systems = await listVisibleSystems(org.id, user.id, role);
  const mayCreate = can({ orgRole: role }, "systems:create");
  const createButton = mayCreate ? (
    <CreateSystemDialog
      {...await keyFormOptions(org.id, "system")}
      organizationId={org.id}
      orgSlug={org.slug}
    />
  ) : null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Systems"
        description="Clusters, deployments, datasets and data APIs whose data planes verify keys."
        // One place for the button whether or not systems exist: creating the first system
        // re-renders this page, and the dialog (holding a new key's secret) must stay mounted.
        actions={createButton}
      />
      <BorderedTable
        head={
          <>
            <TableHead>Name</TableHead>
            <TableHead className="hidden md:table-cell">Description</TableHead>
            <TableHead className="text-right">Live keys</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Created</TableHead>
          </>
        }
        items={systems}
        row={(system) => (
          <TableRow key={system.id}>
            <TableCell className="font-medium">
              <Link
                className="hover:underline focus-visible:underline focus-visible:outline-none"
                href={`/orgs/${org.slug}/systems/${system.id}`}
              >
                {system.name}
              </Link>
            </TableCell>
            <TableCell className="hidden max-w-md truncate text-muted-foreground md:table-cell">
              {system.description || "—"}
            </TableCell>
            <TableCell className="text-right tabular-nums">{system.liveKeys}</TableCell>
            <TableCell className="hidden text-right text-muted-foreground sm:table-cell">
              {formatDate(system.createdAt)}
            </TableCell>
          </TableRow>
        )}
        empty={
          <EmptyState
            icon={Boxes}
            title="No systems yet"
            description={
              mayCreate
                ? "Create a system for each thing your data planes belong to. Each system has its own keys and admins."
                : "You do not belong to any system of this organization yet."
            }
          />
        }
      />
    </div>
  );
}
