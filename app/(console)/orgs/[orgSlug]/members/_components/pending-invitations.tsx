"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useCodeConfirm } from "@/components/forms/use-code-confirm";
import { SetPasswordLinkDialog, type IssuedLink } from "@/components/members/set-password-link-dialog";
import { Button } from "@/components/ui/button";
import { PageSection } from "@/components/ui/page-header";
import { BorderedTable } from "@/components/data-table/bordered-table";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { orgRoleGrantNeedsStepUp, ROLE_LABELS, type OrgRole } from "@/lib/auth/permissions";
import { reissueInvitationAction, revokeInvitationAction } from "@/lib/members/actions";

export type InvitationView = { id: string; email: string; role: OrgRole; expires: string };

type Open = { action: "revoke" | "renew"; invitation: InvitationView };

/**
 * The organization's open invitations. The link itself cannot be shown again (only its hash is
 * stored): "New link" revokes the invitation and issues a fresh one.
 */
export function PendingInvitations(props: {
  organizationId: string;
  invitations: InvitationView[];
  canManage: boolean;
}) {
  const { organizationId, invitations, canManage } = props;
  const router = useRouter();
  const { open, setOpen, pending, startTransition, code, close, showFailure, codeInput } =
    useCodeConfirm<Open>();
  const [link, setLink] = useState<IssuedLink | null>(null);

  function run(target: Open) {
    startTransition(async () => {
      const input = { organizationId, invitationId: target.invitation.id };
      if (target.action === "revoke") {
        const result = await revokeInvitationAction(input);
        if (!result.ok) return void toast.error(result.message);
        toast.success(`Invitation for ${target.invitation.email} revoked`);
      } else {
        const totpCode = orgRoleGrantNeedsStepUp(null, target.invitation.role) ? code : undefined;
        const result = await reissueInvitationAction({ ...input, totpCode });
        if (!result.ok) return showFailure(result);
        setLink({ email: result.data.invitation.email, path: result.data.link, invitation: true });
      }
      close();
      router.refresh();
    });
  }

  if (invitations.length === 0) return null;
  return (
    <PageSection id="pending-invitations" title="Pending invitations">
      <BorderedTable
        head={
          <>
            <TableHead>Email</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Expires</TableHead>
            {canManage ? <TableHead className="text-right">Actions</TableHead> : null}
          </>
        }
        items={invitations}
        row={(invitation) => (
          <TableRow key={invitation.id}>
            <TableCell>{invitation.email}</TableCell>
            <TableCell>{ROLE_LABELS[invitation.role]}</TableCell>
            <TableCell>{invitation.expires}</TableCell>
            {canManage ? (
              <TableCell className="space-x-2 text-right">
                <Button
                  size="sm"
                  variant="outline"
                  aria-label={`New link for ${invitation.email}`}
                  onClick={() => setOpen({ action: "renew", invitation })}
                >
                  New link
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  aria-label={`Revoke invitation for ${invitation.email}`}
                  onClick={() => setOpen({ action: "revoke", invitation })}
                >
                  Revoke
                </Button>
              </TableCell>
            ) : null}
          </TableRow>
        )}
      />
      {open?.action === "revoke" ? (
        <ConfirmDialog
          title={`Revoke the invitation for ${open.invitation.email}?`}
          description="Its link stops working at once. You can invite them again later."
          confirmLabel="Revoke invitation"
          destructive
          pending={pending}
          onConfirm={() => run(open)}
          onClose={close}
        />
      ) : null}
      {open?.action === "renew" ? (
        <ConfirmDialog
          title={`Make a new link for ${open.invitation.email}?`}
          description="The earlier link stops working; the new one is valid for 7 days."
          confirmLabel="Make new link"
          pending={pending}
          onConfirm={() => run(open)}
          onClose={close}
        >
          {orgRoleGrantNeedsStepUp(null, open.invitation.role)
            ? codeInput("The invitation grants a role that manages keys")
            : null}
        </ConfirmDialog>
      ) : null}
      <SetPasswordLinkDialog link={link} onClose={() => setLink(null)} />
    </PageSection>
  );
}
