import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { needsSetup } from "@/lib/orgs/setup";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { isSsoRefusal, SSO_PROVIDER_ID, SSO_REFUSALS, ssoSettings } from "@/lib/auth/sso";
import { SignInForm } from "./_components/sign-in-form";
import { SsoButton } from "./_components/sso-button";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await needsSetup()) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getSessionUser()) redirect(callbackUrl);
  const sso = ssoSettings();
  // Auth.js sends a failed SSO sign-in back here with ?error=: lib/auth/sso.ts's refusals say why;
  // anything else (the provider refused, the exchange failed) reads as a general failure.
  const error = typeof params.error === "string" ? params.error : null;
  const errorMessage = error === null ? null : SSO_REFUSALS[isSsoRefusal(error) ? error : "sso_failed"];
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">Sign in</h1>
        </CardTitle>
        <CardDescription>Manage your organization&apos;s API keys.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {errorMessage ? (
          <Alert variant="destructive">
            <AlertDescription>{errorMessage}</AlertDescription>
          </Alert>
        ) : null}
        {sso ? (
          <>
            <SsoButton providerId={SSO_PROVIDER_ID} name={sso.name} callbackUrl={callbackUrl} />
            <p className="text-center text-xs text-muted-foreground">or with your password</p>
          </>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} />
      </CardContent>
    </Card>
  );
}
