import { ORG_ROLES, ROLE_LABELS, type OrgRole } from "@/lib/auth/permissions";
import { ORG_ROLE_DESCRIPTIONS } from "@/lib/members/schemas";
import type { RoleOption } from "@/components/members/role-radio-group";

/** The organization roles, most limited first, as the pickers show them. */
export const ORG_ROLE_OPTIONS: readonly RoleOption<OrgRole>[] = [...ORG_ROLES].reverse().map((role) => ({
  value: role,
  label: ROLE_LABELS[role],
  description: ORG_ROLE_DESCRIPTIONS[role],
}));
