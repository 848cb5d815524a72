import Link from "next/link";
import { ArrowRight, CircleCheck, Info } from "lucide-react";
import { ChangePasswordCard } from "@/components/account/change-password-card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireSessionUser } from "@/lib/auth/session";
import { hasPassword, totpEnabledAt, unusedRecoveryCodeCount } from "@/lib/auth/queries";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";
import { listPasskeys } from "@/lib/auth/passkey-queries";
import { PasskeysCard } from "./_components/passkeys-card";
import { TwoFactorCard } from "./_components/two-factor-card";
import { BackLink } from "../_components/back-link";

export const metadata = { title: "Security" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Where a guarded action sent the user from; only same-site paths, never this page itself. */
function returnPath(next: string | string[] | undefined): string | null {
  if (typeof next !== "string") return null;
  const path = safeCallbackPath(next);
  return path === "/" || path.startsWith("/account/security") ? null : path;
}

export default async function SecurityPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireSessionUser();
  const query = await searchParams;
  const returnTo = returnPath(query.next);
  // Sent here by an organization that requires two-factor (lib/orgs/two-factor.ts).
  const required = query.required === "1";
  const [totpSince, recoveryCodesLeft, passkeys, passwordSet] = await Promise.all([
    totpEnabledAt(user.id),
    unusedRecoveryCodeCount(user.id),
    listPasskeys(user.id),
    hasPassword(user.id),
  ]);
  // A passkey is a second factor too (README, "Passkeys"): it satisfies the organization's rule.
  const secondFactor = totpSince !== null || passkeys.length > 0;

  return (
    <div className="space-y-6">
      <PageHeader
        className="pb-2"
        eyebrow={<BackLink href={returnTo ?? "/"}>{returnTo ? "Back" : "Back to console"}</BackLink>}
        title="Security"
        description="Your password and the authenticator app Keyplane asks for at sign-in and before sensitive key actions."
      />
      {required && !secondFactor ? (
        <Alert variant="warning">
          <Info aria-hidden />
          <AlertTitle>Your organization requires two-factor authentication</AlertTitle>
          <AlertDescription>
            <p>
              Owners and admins of this organization must sign in with a code from an authenticator app. Set
              one up below; you will then be taken back to the organization.
            </p>
          </AlertDescription>
        </Alert>
      ) : null}
      {returnTo && !secondFactor && !required ? (
        <Alert variant="info">
          <Info aria-hidden />
          <AlertTitle>Set up an authenticator app first</AlertTitle>
          <AlertDescription>
            <p>
              The action you started (rolling, regenerating, revoking or deleting a key, or viewing a stored
              secret) asks for a code from an authenticator app. Set one up below; you will then be taken back
              to finish it.
            </p>
          </AlertDescription>
        </Alert>
      ) : null}
      {returnTo && secondFactor ? (
        <Alert variant="success">
          <CircleCheck aria-hidden />
          <AlertTitle>Your authenticator app is ready</AlertTitle>
          <AlertDescription>
            <Link
              href={returnTo}
              className="inline-flex items-center gap-1 font-medium text-foreground underline underline-offset-4"
            >
              Go back to finish what you started
              <ArrowRight className="size-3.5" aria-hidden />
            </Link>
          </AlertDescription>
        </Alert>
      ) : null}
      <TwoFactorCard
        email={user.email}
        enabledAt={totpSince}
        returnTo={returnTo}
        recoveryCodesLeft={recoveryCodesLeft}
      />
      <PasskeysCard passkeys={passkeys} totpEnabled={totpSince !== null} />
      <ChangePasswordCard
        hasPassword={passwordSet}
        email={user.email}
        title="Password"
        description={`You sign in with it (and, once set up, a code from your authenticator app). Changing it signs out every other browser signed in as ${user.email}.`}
      />
    </div>
  );
}
