"use client";

import { Link2, MoreHorizontal, UserCog, UserMinus } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { MemberView } from "./types";

export type MemberMenuAction = "role" | "link" | "remove";

export function MemberRowMenu({
  member,
  isSelf,
  onAction,
}: {
  member: MemberView;
  isSelf: boolean;
  onAction: (action: MemberMenuAction) => void;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${member.email}`}>
          <MoreHorizontal aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="truncate">{member.email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => onAction("role")}>
          <UserCog aria-hidden /> Change role…
        </DropdownMenuItem>
        {member.pending ? (
          <DropdownMenuItem onSelect={() => onAction("link")}>
            <Link2 aria-hidden /> New set-password link…
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" onSelect={() => onAction("remove")}>
          <UserMinus aria-hidden /> {isSelf ? "Leave organization…" : "Remove from organization…"}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
