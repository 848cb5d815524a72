import { notFound } from "next/navigation";
import { Users } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/format";
import {
  listOrganizationMembers,
  listPendingInvitations,
  twoFactorLockedMembers,
} from "@/lib/members/queries";
import { getOrgPageContext } from "@/lib/orgs/active-organization";
import { AddMemberDialog } from "./_components/add-member-dialog";
import { MembersTable } from "./_components/members-table";
import { PendingInvitations } from "./_components/pending-invitations";
import type { MemberView } from "./_components/types";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // The role comes from the database on every request: a demoted or removed member sees that at once.
  const { org, user, role } = await getOrgPageContext(orgSlug);
  if (!can({ orgRole: role }, "members:read")) notFound();
  const canManage = can({ orgRole: role }, "members:manage");
  const [rows, locked, invitations] = await Promise.all([
    listOrganizationMembers(org.id),
    twoFactorLockedMembers(org.id),
    listPendingInvitations(org.id),
  ]);
  const members: MemberView[] = rows.map((m) => ({
    ...m,
    since: formatDate(m.since),
    twoFactorLocked: locked.has(m.userId),
  }));
  // The add dialog is rendered once, in the header, even when the owner is alone: the set-password
  // link it reveals must survive the refresh that follows (a second instance would replace it).
  const alone = members.length === 1 && canManage;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description={
          canManage
            ? "People who can sign in to this organization, and their roles. Changes apply from their next click."
            : "People who can sign in to this organization, and their roles. Only owners change them."
        }
        actions={canManage ? <AddMemberDialog organizationId={org.id} /> : null}
      />
      <MembersTable
        organizationId={org.id}
        organizationName={org.name}
        currentUserId={user.id}
        members={members}
        canManage={canManage}
        twoFactorRequired={org.requireTwoFactor}
      />
      <PendingInvitations
        organizationId={org.id}
        canManage={canManage}
        invitations={invitations.map((i) => ({ ...i, expires: formatDate(i.expiresAt) }))}
      />
      {alone && invitations.length === 0 ? (
        <EmptyState
          icon={Users}
          title="You are the only member"
          description="Add admins to manage systems and keys, auditors to review the audit log, and members for the systems they work on."
        />
      ) : null}
    </div>
  );
}
