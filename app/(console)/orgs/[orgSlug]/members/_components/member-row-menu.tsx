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
  const actions: RowAction[] = [
    { key: "role", label: "Change role…", icon: UserCog, onSelect: () => onAction("role") },
  ];
  if (member.pending)
    actions.push({
      key: "link",
      label: "New set-password link…",
      icon: Link2,
      onSelect: () => onAction("link"),
    });
  if (member.twoFactorLocked)
    actions.push({
      key: "unlock",
      label: "Unlock two-factor…",
      icon: KeyRound,
      onSelect: () => onAction("unlock"),
    });
  actions.push({
    key: "remove",
    label: isSelf ? "Leave organization…" : "Remove from organization…",
    icon: UserMinus,
    destructive: true,
    separated: true,
    onSelect: () => onAction("remove"),
  });
  return <RowActionsMenu name={member.email} actions={actions} className="w-60" />;
}
