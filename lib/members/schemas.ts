import { z } from "zod";
import { ORG_ROLES, SYSTEM_ROLES } from "@/lib/auth/permissions";
import { optionalTotpCodeSchema, totpCodeSchema } from "@/lib/auth/totp-schemas";
import { emailSchema } from "@/lib/auth/schemas";
import { idSchema } from "@/lib/keys/field-schemas";

// Forms of the members page and of a system's members section; shared by the forms and the server.

const orgRoleSchema = z.enum(ORG_ROLES, { error: "Choose a role." });
const systemRoleSchema = z.enum(SYSTEM_ROLES, { error: "Choose a role." });

/** The person an action is about: a member of the organization, or of a system. */
const orgMemberFields = { organizationId: idSchema, userId: idSchema };
const systemMemberFields = { systemId: idSchema, userId: idSchema };

export const addMemberSchema = z.strictObject({
  organizationId: idSchema,
  email: emailSchema,
  role: orgRoleSchema,
  /** Needed (and only then checked) for owner and admin: see lib/members/guard.ts. */
  totpCode: optionalTotpCodeSchema,
});

export const changeMemberRoleSchema = z.strictObject({
  ...orgMemberFields,
  role: orgRoleSchema,
  totpCode: optionalTotpCodeSchema,
});

export const unlockTwoFactorSchema = z.strictObject({ ...orgMemberFields, totpCode: totpCodeSchema });

export const invitationRefSchema = z.strictObject({
  organizationId: idSchema,
  invitationId: idSchema,
  /** "New link" re-grants the role: an owner or admin invitation asks for it. */
  totpCode: optionalTotpCodeSchema,
});

/** The invitee answers an invitation listed on their account page. */
export const answerInvitationSchema = z.strictObject({ invitationId: idSchema, accept: z.boolean() });

export const memberRefSchema = z.strictObject({
  ...orgMemberFields,
  /** Only the set-password link of an owner or admin asks for it. */
  totpCode: optionalTotpCodeSchema,
});

export const addSystemMemberSchema = z.strictObject({
  systemId: idSchema,
  userId: z
    .string({ error: "Choose a member." })
    .trim()
    .min(1, "Choose a member.")
    .max(64, "Choose a member."),
  role: systemRoleSchema,
  totpCode: optionalTotpCodeSchema,
});

export const changeSystemMemberRoleSchema = z.strictObject({
  ...systemMemberFields,
  role: systemRoleSchema,
  totpCode: optionalTotpCodeSchema,
});

export const systemMemberRefSchema = z.strictObject(systemMemberFields);

/** What each organization role means, for the role pickers (ARCHITECTURE.md, "The permission table"). */
export const ORG_ROLE_DESCRIPTIONS = {
  owner: "Everything: settings and key policy, members and their roles, all systems and keys.",
  admin: "Creates and manages systems and keys.",
  auditor: "Reads keys' metadata and the audit log, and exports it. Never sees a secret, changes nothing.",
  member: "Sees the systems they are added to. No key management.",
} as const satisfies Record<(typeof ORG_ROLES)[number], string>;

export const SYSTEM_ROLE_LABELS = {
  admin: "System admin",
  member: "System member",
} as const satisfies Record<(typeof SYSTEM_ROLES)[number], string>;

export const SYSTEM_ROLE_DESCRIPTIONS = {
  admin: "Manages this system, its keys and its members.",
  member: "Sees this system.",
} as const satisfies Record<(typeof SYSTEM_ROLES)[number], string>;
