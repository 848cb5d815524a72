import Link from "next/link";
import { Button } from "@/components/ui/button";
import { getSessionUser } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { findOpenInvitation, INVITATION_INVALID_MESSAGE } from "@/lib/members/invitations";
import { AcceptInvitationForm } from "./_components/accept-invitation-form";
import { AnswerInvitationButtons } from "@/components/members/answer-invitation-buttons";
import { AuthCard, linkPageMetadata, linkToken, UnusableLinkCard } from "../../_components/auth-card";

export const metadata = linkPageMetadata("Invitation");

// The link's holder is the invitee (README "Security model"): this page tells them whether to set
// a password (no account yet) or to sign in as the invited email; it tells nobody else anything.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const token = await linkToken(params);
  const invitation = token ? await findOpenInvitation({ token }) : null;

  if (!token || !invitation) {
    return (
      <UnusableLinkCard
        title={INVITATION_INVALID_MESSAGE}
        description="It has expired, was already used, or was revoked. Ask an organization owner for a new one."
      />
    );
  }

  const role = ROLE_LABELS[invitation.role];
  if (!invitation.hasAccount) {
    return (
      <AuthCard
        title="Set your password"
        description={
          <>
            You are invited to join <strong>{invitation.organization.name}</strong> as {role}. Choose your
            name and the password for <strong>{invitation.email}</strong>; you will be signed in right after.
            This link works once.
          </>
        }
      >
        <AcceptInvitationForm token={token} email={invitation.email} />
      </AuthCard>
    );
  }

  const user = await getSessionUser();
  if (user?.email !== invitation.email) {
    const signIn = `/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
    return (
      <AuthCard
        title={`Sign in as ${invitation.email} to accept`}
        description={
          <>
            You are invited to join <strong>{invitation.organization.name}</strong> as {role}.
            {user ? ` You are signed in as ${user.email}; sign out first.` : ""}
          </>
        }
      >
        {user ? null : (
          <Button asChild className="w-full">
            <Link href={signIn}>Sign in</Link>
          </Button>
        )}
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={`Join ${invitation.organization.name} as ${role}`}
      description="Accept to become a member now, or decline the invitation."
    >
      <AnswerInvitationButtons invitationId={invitation.id} />
    </AuthCard>
  );
}
