import type { ReactNode } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { setPasswordTokenSchema } from "@/lib/auth/password-schemas";

// The signed-out pages' card, and what the two pages opened from a one-time link (set a password,
// accept an invitation) share: their metadata, reading the token and the card of an unusable link.

/** A signed-out page: its heading, what it is about, and its form or buttons. */
export function AuthCard({
  title,
  description,
  children,
}: {
  title: ReactNode;
  description: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">{title}</h1>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** The token is in the path: no referrer may carry it to another site, and no crawler should index it. */
export function linkPageMetadata(title: string): Metadata {
  return { title, referrer: "no-referrer", robots: { index: false, follow: false } };
}

/** The link's token, or null when it cannot be one (never looked up then). */
export async function linkToken(params: Promise<{ token: string }>): Promise<string | null> {
  const parsed = setPasswordTokenSchema.safeParse((await params).token);
  return parsed.success ? parsed.data : null;
}

/** An expired, used, revoked or malformed link: says so and leads to sign-in, nothing more. */
export function UnusableLinkCard({ title, description }: { title: string; description: ReactNode }) {
  return (
    <AuthCard title={title} description={description}>
      <Button asChild variant="outline" className="w-full">
        <Link href="/sign-in">Go to sign in</Link>
      </Button>
    </AuthCard>
  );
}
