"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LogOut, ShieldCheck } from "lucide-react";
import { toast } from "sonner";
import { signOutAction } from "@/lib/auth/actions";
import { Button } from "@/components/ui/button";
import { DropdownMenuItem, DropdownMenuSeparator, Menu } from "@/components/ui/dropdown-menu";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).slice(0, 2);
  return parts.map((p) => p[0]?.toUpperCase() ?? "").join("") || "?";
}

export function UserMenu({ name, email }: { name: string; email: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function signOut() {
    startTransition(async () => {
      const result = await signOutAction({});
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      router.replace(result.data.redirectTo);
      router.refresh();
    });
  }

  return (
    <Menu
      trigger={
        <Button variant="ghost" size="icon" className="rounded-full">
          <span className="sr-only">Account menu</span>
          <span
            aria-hidden
            className="flex size-8 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground"
          >
            {initials(name)}
          </span>
        </Button>
      }
      label={
        <>
          <div className="text-sm font-medium">{name}</div>
          <div className="truncate text-xs text-muted-foreground">{email}</div>
        </>
      }
      labelClassName="font-normal"
      align="end"
      className="w-60"
    >
      <DropdownMenuSeparator />
      <DropdownMenuItem asChild>
        <Link href="/account/security" className="flex items-center gap-2">
          <ShieldCheck className="size-4" aria-hidden />
          Security
        </Link>
      </DropdownMenuItem>
      <DropdownMenuSeparator />
      <DropdownMenuItem disabled={pending} onSelect={signOut} className="flex items-center gap-2">
        <LogOut className="size-4" aria-hidden />
        Sign out
      </DropdownMenuItem>
    </Menu>
  );
}
