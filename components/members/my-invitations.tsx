import { Mail } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { PageSection } from "@/components/ui/page-header";
import { ROLE_LABELS, isOrgRole } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/format";
import { listInvitationsFor } from "@/lib/members/invitations";
import { AnswerInvitationButtons } from "./answer-invitation-buttons";

/** The signed-in person's open invitations (addressed to their email), each with Accept / Decline. */
export async function MyInvitations({ email }: { email: string }) {
  const invitations = await listInvitationsFor(email);
  if (invitations.length === 0) return null;
  return (
    <PageSection id="my-invitations" title="Pending invitations" className="mb-6">
      {invitations.map((invitation) => (
        <Alert key={invitation.id}>
          <Mail aria-hidden />
          <AlertTitle>
            Join {invitation.organization.name}
            {isOrgRole(invitation.role) ? ` as ${ROLE_LABELS[invitation.role]}` : ""}
          </AlertTitle>
          <AlertDescription className="space-y-2">
            <p>Valid until {formatDate(invitation.expiresAt)}.</p>
            <AnswerInvitationButtons invitationId={invitation.id} />
          </AlertDescription>
        </Alert>
      ))}
    </PageSection>
  );
}
