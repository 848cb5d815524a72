import Link from "next/link";
import { ArrowLeft, KeySquare } from "lucide-react";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireSessionUser } from "@/lib/auth/session";

export const metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireSessionUser();
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-muted/40 px-4 py-12">
      <div className="mb-8 flex items-center gap-2 text-lg font-semibold tracking-tight">
        <KeySquare className="size-6 text-primary" aria-hidden />
        Keyplane
      </div>
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Change password</h1>
          </CardTitle>
          <CardDescription>
            For {user.email}. Enter your current password to confirm it is you; every other browser signed in
            to this account is signed out.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <ChangePasswordForm email={user.email} />
          <Link
            href="/"
            className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
          >
            <ArrowLeft className="size-4" aria-hidden /> Back to the console
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
