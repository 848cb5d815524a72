import { Users } from "lucide-react";
import { MemberNameCell, RoleBadgeCell } from "@/components/members/member-name-cell";
import { EmptyState } from "@/components/ui/empty-state";
import { BorderedTable } from "@/components/data-table/bordered-table";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { RowActionsHead } from "@/components/data-table/row-actions-menu";
import { can, type RoleSet } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/format";
import { listSystemMemberCandidates, listSystemMembers } from "@/lib/members/queries";
import { SYSTEM_ROLE_LABELS } from "@/lib/members/schemas";
import { AddSystemMemberDialog, SystemMemberRowMenu } from "./system-member-controls";

type Props = {
  organizationId: string;
  system: { id: string; name: string };
  /** The caller's roles for this system, as the page resolved them from the database. */
  roles: RoleSet;
  currentUserId: string;
};

/**
 * The "Members" section of a system page: who holds a system role. System admins and org owners
 * and admins manage it; auditors read it; plain system members do not see the list.
 */
export async function SystemMembers({ organizationId, system, roles, currentUserId }: Props) {
  const canManage = can(roles, "system-members:manage");
  if (!canManage && !can({ orgRole: roles.orgRole }, "members:read")) return null;
  const [members, candidates] = await Promise.all([
    listSystemMembers(organizationId, system.id),
    canManage ? listSystemMemberCandidates(organizationId, system.id) : Promise.resolve([]),
  ]);
  const addButton = canManage ? <AddSystemMemberDialog system={system} candidates={candidates} /> : null;

  return (
    <section aria-labelledby="system-members" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h2 id="system-members" className="text-lg font-semibold">
            Members
          </h2>
          <p className="text-sm text-muted-foreground">
            System admins manage this system, its keys and its members; system members see it. Organization
            owners and admins manage every system.
          </p>
        </div>
        {members.length > 0 ? addButton : null}
      </div>
      <BorderedTable
        head={
          <>
            <TableHead>Member</TableHead>
            <TableHead>System role</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Since</TableHead>
            {canManage ? <RowActionsHead /> : null}
          </>
        }
        items={members}
        row={(member) => (
          <TableRow key={member.userId}>
            <MemberNameCell member={member} currentUserId={currentUserId} />
            <RoleBadgeCell label={SYSTEM_ROLE_LABELS[member.role]} manages={member.role === "admin"} />
            <TableCell className="hidden text-right text-muted-foreground sm:table-cell">
              {formatDate(member.since)}
            </TableCell>
            {canManage ? (
              <TableCell className="text-right">
                <SystemMemberRowMenu
                  system={system}
                  member={{
                    userId: member.userId,
                    name: member.name,
                    email: member.email,
                    role: member.role,
                  }}
                  isSelf={member.userId === currentUserId}
                />
              </TableCell>
            ) : null}
          </TableRow>
        )}
        empty={
          <EmptyState
            icon={Users}
            title="No system admins or members yet"
            description={
              canManage
                ? "Give organization members a role here so they can see this system, or manage it as its admin."
                : "Only organization owners and admins manage this system."
            }
            action={addButton}
          />
        }
      />
    </section>
  );
}
