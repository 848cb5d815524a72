"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { SetPasswordLinkDialog, type IssuedLink } from "@/components/members/set-password-link-dialog";
import { StepUpCodeInput } from "@/components/auth/step-up";
import { Button } from "@/components/ui/button";
import { PageSection } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { orgRoleGrantNeedsStepUp, ROLE_LABELS, type OrgRole } from "@/lib/auth/permissions";
import { reissueInvitationAction, revokeInvitationAction } from "@/lib/members/actions";

export type InvitationView = { id: string; email: string; role: OrgRole; expires: string };

type Open = { action: "revoke" | "renew"; invitation: InvitationView } | null;

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
  const [open, setOpen] = useState<Open>(null);
  const [link, setLink] = useState<IssuedLink | null>(null);
  const [pending, startTransition] = useTransition();
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>();
  const close = () => {
    setOpen(null);
    setCode("");
    setCodeError(undefined);
  };

  function run(target: NonNullable<Open>) {
    startTransition(async () => {
      const input = { organizationId, invitationId: target.invitation.id };
      if (target.action === "revoke") {
        const result = await revokeInvitationAction(input);
        if (!result.ok) return void toast.error(result.message);
        toast.success(`Invitation for ${target.invitation.email} revoked`);
      } else {
        const totpCode = orgRoleGrantNeedsStepUp(null, target.invitation.role) ? code : undefined;
        const result = await reissueInvitationAction({ ...input, totpCode });
        if (!result.ok) {
          if (result.fieldErrors?.totpCode) setCodeError(result.fieldErrors.totpCode);
          else toast.error(result.message);
          return;
        }
        setLink({ email: result.data.invitation.email, path: result.data.link, invitation: true });
      }
      close();
      router.refresh();
    });
  }

  if (invitations.length === 0) return null;
  return (
    <PageSection id="pending-invitations" title="Pending invitations">
      <div className="rounded-lg border">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Expires</TableHead>
              {canManage ? <TableHead className="text-right">Actions</TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {invitations.map((invitation) => (
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
            ))}
          </TableBody>
        </Table>
      </div>
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
          {orgRoleGrantNeedsStepUp(null, open.invitation.role) ? (
            <StepUpCodeInput
              why="The invitation grants a role that manages keys"
              value={code}
              onChange={setCode}
              error={codeError}
            />
          ) : null}
        </ConfirmDialog>
      ) : null}
      <SetPasswordLinkDialog link={link} onClose={() => setLink(null)} />
    </PageSection>
  );
}
