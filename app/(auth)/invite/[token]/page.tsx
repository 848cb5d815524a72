import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { setPasswordTokenSchema } from "@/lib/auth/password-schemas";
import { getSessionUser } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { findOpenInvitation, INVITATION_INVALID_MESSAGE } from "@/lib/members/invitations";
import { AcceptInvitationForm } from "./_components/accept-invitation-form";
import { AnswerInvitationButtons } from "@/components/members/answer-invitation-buttons";

// The token is in the path: no referrer may carry it to another site, and no crawler should index it.
export const metadata: Metadata = {
  title: "Invitation",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

// The link's holder is the invitee (README "Security model"): this page tells them whether to set
// a password (no account yet) or to sign in as the invited email; it tells nobody else anything.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const parsed = setPasswordTokenSchema.safeParse(token);
  const invitation = parsed.success ? await findOpenInvitation({ token: parsed.data }) : null;

  if (!parsed.success || !invitation) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">{INVITATION_INVALID_MESSAGE}</h1>
          </CardTitle>
          <CardDescription>
            It has expired, was already used, or was revoked. Ask an organization owner for a new one.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Button asChild variant="outline" className="w-full">
            <Link href="/sign-in">Go to sign in</Link>
          </Button>
        </CardContent>
      </Card>
    );
  }

  const role = ROLE_LABELS[invitation.role];
  if (!invitation.hasAccount) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Set your password</h1>
          </CardTitle>
          <CardDescription>
            You are invited to join <strong>{invitation.organization.name}</strong> as {role}. Choose your
            name and the password for <strong>{invitation.email}</strong>; you will be signed in right after.
            This link works once.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <AcceptInvitationForm token={parsed.data} email={invitation.email} />
        </CardContent>
      </Card>
    );
  }

  const user = await getSessionUser();
  if (user?.email !== invitation.email) {
    const signIn = `/sign-in?callbackUrl=${encodeURIComponent(`/invite/${parsed.data}`)}`;
    return (
      <Card>
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Sign in as {invitation.email} to accept</h1>
          </CardTitle>
          <CardDescription>
            You are invited to join <strong>{invitation.organization.name}</strong> as {role}.
            {user ? ` You are signed in as ${user.email}; sign out first.` : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {user ? null : (
            <Button asChild className="w-full">
              <Link href={signIn}>Sign in</Link>
            </Button>
          )}
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">
            Join {invitation.organization.name} as {role}
          </h1>
        </CardTitle>
        <CardDescription>Accept to become a member now, or decline the invitation.</CardDescription>
      </CardHeader>
      <CardContent>
        <AnswerInvitationButtons invitationId={invitation.id} />
      </CardContent>
    </Card>
  );
}
