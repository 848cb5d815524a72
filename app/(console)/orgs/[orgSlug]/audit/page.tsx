import { Activity } from "lucide-react";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { formatDateTime, humanizeAction } from "@/lib/format";
import { getOrgPageContext } from "@/lib/orgs/active-organization";

export const metadata = { title: "Audit" };

export default async function AuditPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org, role } = await getOrgPageContext(orgSlug);
  if (!can({ orgRole: role }, "audit:read")) notFound();
  const entries = await getDb().auditEntry.findMany({
    where: { organizationId: org.id },
    orderBy: { seq: "desc" },
    take: 50,
    select: {
      id: true,
      seq: true,
      createdAt: true,
      actorLabel: true,
      action: true,
      outcome: true,
      targetType: true,
      targetLabel: true,
      ip: true,
    },
  });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change in this organization: who, when, from where, and what changed."
      />
      {entries.length === 0 ? (
        <EmptyState
          icon={Activity}
          title="No audit entries yet"
          description="Changes to systems, keys and members are recorded here."
        />
      ) : (
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-16">#</TableHead>
                <TableHead>When</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead className="hidden lg:table-cell">IP</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className="tabular-nums text-muted-foreground">{e.seq}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDateTime(e.createdAt)}</TableCell>
                  <TableCell className="max-w-48 truncate">{e.actorLabel}</TableCell>
                  <TableCell>
                    {humanizeAction(e.action)}
                    {e.outcome !== "success" ? (
                      <Badge variant="destructive" className="ml-2">
                        {e.outcome}
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell className="max-w-48 truncate text-muted-foreground">
                    {e.targetType}
                    {e.targetLabel ? ` · ${e.targetLabel}` : ""}
                  </TableCell>
                  <TableCell className="hidden font-mono text-xs text-muted-foreground lg:table-cell">
                    {e.ip ?? "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
