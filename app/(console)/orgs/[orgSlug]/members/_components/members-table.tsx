"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useCodeConfirm } from "@/components/forms/use-code-confirm";
import { SetPasswordLinkDialog, type IssuedLink } from "@/components/members/set-password-link-dialog";
import { Badge } from "@/components/ui/badge";
import { MemberNameCell, RoleBadgeCell } from "@/components/members/member-name-cell";
import { BorderedTable } from "@/components/data-table/bordered-table";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { RowActionsHead } from "@/components/data-table/row-actions-menu";
import { orgRoleGrantNeedsStepUp, ROLE_LABELS } from "@/lib/auth/permissions";
import { SYSTEM_ROLE_LABELS } from "@/lib/members/schemas";
import {
  reissueSetPasswordLinkAction,
  removeMemberAction,
  unlockTwoFactorAction,
} from "@/lib/members/actions";
import { ChangeRoleDialog } from "./change-role-dialog";
import { MemberRowMenu, type MemberMenuAction } from "./member-row-menu";
import type { MemberView } from "./types";

type Props = {
  organizationId: string;
  organizationName: string;
  currentUserId: string;
  members: MemberView[];
  canManage: boolean;
  /** The organization requires two-factor for owners and admins (lib/orgs/two-factor.ts). */
  twoFactorRequired: boolean;
};

type Open = { action: MemberMenuAction; member: MemberView };

export function MembersTable(props: Props) {
  const { organizationId, organizationName, currentUserId, members, canManage, twoFactorRequired } = props;
  const router = useRouter();
  const { open, setOpen, pending, startTransition, code, close, showFailure, codeInput } =
    useCodeConfirm<Open>();
  const [link, setLink] = useState<IssuedLink | null>(null);

  function remove(member: MemberView) {
    startTransition(async () => {
      const result = await removeMemberAction({ organizationId, userId: member.userId });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      close();
      if (result.data.removedSelf) {
        toast.success(`You left ${organizationName}`);
        router.replace("/");
      } else toast.success(`${member.email} removed`);
      router.refresh();
    });
  }

  function reissue(member: MemberView) {
    startTransition(async () => {
      const totpCode = linkNeedsCode(member) ? code : undefined;
      const result = await reissueSetPasswordLinkAction({ organizationId, userId: member.userId, totpCode });
      if (!result.ok) return showFailure(result);
      close();
      setLink({
        email: result.data.email,
        path: `/set-password/${result.data.setPasswordToken}`,
        invitation: false,
      });
    });
  }

  function unlock(member: MemberView) {
    startTransition(async () => {
      const result = await unlockTwoFactorAction({ organizationId, userId: member.userId, totpCode: code });
      if (!result.ok) return showFailure(result);
      close();
      toast.success(`Two-factor unlocked for ${member.email}`);
      router.refresh();
    });
  }

  return (
    <>
      <BorderedTable
        head={
          <>
            <TableHead>Member</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Two-factor</TableHead>
            <TableHead className="hidden md:table-cell">Systems</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Member since</TableHead>
            {canManage ? <RowActionsHead /> : null}
          </>
        }
        items={members}
        row={(member) => (
          <TableRow key={member.userId}>
            <MemberNameCell member={member} currentUserId={currentUserId} />
            <RoleBadgeCell label={ROLE_LABELS[member.role]} manages={member.role === "owner"} />
            <TableCell>
              <TwoFactorBadge member={member} required={twoFactorRequired} />
            </TableCell>
            <TableCell className="hidden max-w-sm text-sm text-muted-foreground md:table-cell">
              <SystemsSummary member={member} />
            </TableCell>
            <TableCell className="hidden text-right text-muted-foreground sm:table-cell">
              {member.since}
            </TableCell>
            {canManage ? (
              <TableCell className="text-right">
                <MemberRowMenu
                  member={member}
                  isSelf={member.userId === currentUserId}
                  onAction={(action) => setOpen({ action, member })}
                />
              </TableCell>
            ) : null}
          </TableRow>
        )}
      />

      {open?.action === "role" ? (
        <ChangeRoleDialog
          key={open.member.userId}
          organizationId={organizationId}
          member={open.member}
          isSelf={open.member.userId === currentUserId}
          onClose={close}
        />
      ) : null}
      {open?.action === "remove" ? (
        <ConfirmDialog
          title={
            open.member.userId === currentUserId
              ? `Leave ${organizationName}?`
              : `Remove ${open.member.name} from ${organizationName}?`
          }
          description={
            open.member.userId === currentUserId
              ? "You lose access to this organization at once. An owner can add you again."
              : `${open.member.email} loses access at once, including any open tab, and their system roles are removed. Their audit entries stay.`
          }
          confirmLabel={open.member.userId === currentUserId ? "Leave organization" : "Remove member"}
          destructive
          pending={pending}
          onConfirm={() => remove(open.member)}
          onClose={close}
        />
      ) : null}
      {open?.action === "link" ? (
        <ConfirmDialog
          title="Make a new set-password link?"
          description={`${open.member.email} has not set a password yet. A new link replaces any earlier one, which stops working.`}
          confirmLabel="Make new link"
          pending={pending}
          onConfirm={() => reissue(open.member)}
          onClose={close}
        >
          {linkNeedsCode(open.member)
            ? codeInput("The link is the first credential of an account that manages keys")
            : null}
        </ConfirmDialog>
      ) : null}
      {open?.action === "unlock" ? (
        <ConfirmDialog
          title={`Unlock two-factor for ${open.member.name}?`}
          description={`${open.member.email} entered 100 wrong authenticator codes in a row, so their codes are refused. Unlock only when you know it was them (ask them in person or by phone).`}
          confirmLabel="Unlock two-factor"
          pending={pending}
          onConfirm={() => unlock(open.member)}
          onClose={close}
        >
          {codeInput("Unlocking lets someone try authenticator codes again")}
        </ConfirmDialog>
      ) : null}
      <SetPasswordLinkDialog link={link} onClose={() => setLink(null)} />
    </>
  );
}

/** The set-password link of an owner, admin or system admin is a grant over keys (step-up). */
function linkNeedsCode(member: MemberView): boolean {
  return orgRoleGrantNeedsStepUp(null, member.role) || member.systems.some((s) => s.role === "admin");
}

function SystemsSummary({ member }: { member: MemberView }) {
  if (member.role === "owner" || member.role === "admin") return <>All systems</>;
  if (member.role === "auditor") return <>All systems (read only)</>;
  if (member.systems.length === 0) return <>None yet</>;
  return (
    <ul className="flex flex-wrap gap-1">
      {member.systems.map((system) => (
        <li key={system.id}>
          <Badge variant="outline" title={SYSTEM_ROLE_LABELS[system.role]}>
            {system.name}
            {system.role === "admin" ? " · admin" : ""}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** Whether the member signs in with an authenticator; "Missing" where the organization requires one. */
function TwoFactorBadge({ member, required }: { member: MemberView; required: boolean }) {
  if (member.twoFactor) return <Badge variant="success">On</Badge>;
  if (required && (member.role === "owner" || member.role === "admin"))
    return (
      <Badge variant="warning" title="Required for owners and admins: asked to set it up at their next visit">
        Missing
      </Badge>
    );
  return <Badge variant="outline">Off</Badge>;
}
