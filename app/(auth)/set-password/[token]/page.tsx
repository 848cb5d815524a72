import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { findUsableToken } from "@/lib/auth/password-tokens";
import { setPasswordTokenSchema } from "@/lib/auth/password-schemas";
import { LINK_UNUSABLE_MESSAGE } from "@/lib/auth/set-password";
import { SetPasswordForm } from "./_components/set-password-form";

// The token is in the path: no referrer may carry it to another site, and no crawler should index it.
export const metadata: Metadata = {
  title: "Set your password",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const parsed = setPasswordTokenSchema.safeParse(token);
  const usable = parsed.success ? await findUsableToken(parsed.data) : null;

  if (!parsed.success || !usable) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">This link cannot be used</h1>
          </CardTitle>
          <CardDescription>{LINK_UNUSABLE_MESSAGE}</CardDescription>
        </CardHeader>
        <CardContent>
          <Button asChild variant="outline" className="w-full">
            <Link href="/sign-in">Go to sign in</Link>
          </Button>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">Set your password</h1>
        </CardTitle>
        <CardDescription>
          Welcome, {usable.name}. Choose the password for <strong>{usable.email}</strong>; you will be signed
          in right after. This link works once.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SetPasswordForm token={parsed.data} email={usable.email} />
      </CardContent>
    </Card>
  );
}
