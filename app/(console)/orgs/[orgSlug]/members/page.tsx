import { Users } from "lucide-react";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can, isOrgRole, ROLE_LABELS } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { formatDate } from "@/lib/format";
import { getOrgPageContext } from "@/lib/orgs/active-organization";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org, role } = await getOrgPageContext(orgSlug);
  if (!can({ orgRole: role }, "members:read")) notFound();
  const members = await getDb().membership.findMany({
    where: { organizationId: org.id },
    include: { user: { select: { name: true, email: true } } },
    orderBy: [{ createdAt: "asc" }],
  });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description="People who can sign in to this organization, and their roles."
      />
      {members.length === 0 ? (
        <EmptyState icon={Users} title="No members" description="Members of this organization appear here." />
      ) : (
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead className="hidden text-right sm:table-cell">Member since</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.map((m) => (
                <TableRow key={m.id}>
                  <TableCell className="font-medium">{m.user.name}</TableCell>
                  <TableCell className="text-muted-foreground">{m.user.email}</TableCell>
                  <TableCell>
                    <Badge variant={m.role === "owner" ? "default" : "secondary"}>
                      {isOrgRole(m.role) ? ROLE_LABELS[m.role] : m.role}
                    </Badge>
                  </TableCell>
                  <TableCell className="hidden text-right text-muted-foreground sm:table-cell">
                    {formatDate(m.createdAt)}
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
