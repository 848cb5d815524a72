"use client";

import { KeyRound, Link2, UserCog, UserMinus } from "lucide-react";
import { RowActionsMenu, type RowAction } from "@/components/data-table/row-actions-menu";
import type { MemberView } from "./types";

export type MemberMenuAction = "role" | "link" | "unlock" | "remove";

export function MemberRowMenu({
  member,
  isSelf,
  onAction,
}: {
  member: MemberView;
  isSelf: boolean;
  onAction: (action: MemberMenuAction) => void;
}) {
  // Every entry opens its confirmation (onAction); the key names the action.
  const entry = (key: MemberMenuAction, label: string, icon: RowAction["icon"]): RowAction => ({
    key,
    label,
    icon,
    onSelect: () => onAction(key),
  });
  const actions: RowAction[] = [
    entry("role", "Change role…", UserCog),
    ...(member.pending ? [entry("link", "New set-password link…", Link2)] : []),
    ...(member.twoFactorLocked ? [entry("unlock", "Unlock two-factor…", KeyRound)] : []),
    {
      ...entry("remove", isSelf ? "Leave organization…" : "Remove from organization…", UserMinus),
      destructive: true,
      separated: true,
    },
  ];
  return <RowActionsMenu name={member.email} actions={actions} className="w-60" />;
}
