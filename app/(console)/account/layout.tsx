import type { ReactNode } from "react";
import Link from "next/link";
import { KeySquare } from "lucide-react";
import { MyInvitations } from "@/components/members/my-invitations";
import { UserMenu } from "@/components/shell/user-menu";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { requireSessionUser } from "@/lib/auth/session";

// Account pages belong to the user, not to an organization: no sidebar, the same header as the
// console, and a narrow column for forms.
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser();

  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b bg-background/95 px-4 backdrop-blur md:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 rounded-md px-1 py-1 text-base font-semibold tracking-tight focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        >
          <KeySquare className="size-5 text-primary" aria-hidden />
          Keyplane
        </Link>
        <span aria-hidden className="h-5 w-px bg-border" />
        <span className="text-sm font-medium text-muted-foreground">Account</span>
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <UserMenu name={user.name} email={user.email} />
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-6 md:px-8 md:py-10">
        <MyInvitations email={user.email} />
        {children}
      </main>
    </div>
  );
}
