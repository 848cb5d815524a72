"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { defineUserAction } from "@/lib/actions/define-user-action";
import { answerInvitation, reissueInvitation, revokeInvitation } from "@/lib/members/invitations";
import {
  addMember,
  changeMemberRole,
  reissueSetPasswordLink,
  removeMember,
  unlockTwoFactor,
} from "@/lib/members/members";
import {
  addMemberSchema,
  addSystemMemberSchema,
  answerInvitationSchema,
  invitationRefSchema,
  changeMemberRoleSchema,
  changeSystemMemberRoleSchema,
  memberRefSchema,
  unlockTwoFactorSchema,
  systemMemberRefSchema,
} from "@/lib/members/schemas";
import { addSystemMember, changeSystemMemberRole, removeSystemMember } from "@/lib/members/system-members";

// Thin entry points for organization members (members page) and system members (system pages).
// The wrapper authorizes against the organization that owns the target; the cores in lib/members
// re-check the caller's role and the last-owner rule inside their transaction.

const MEMBERS_PAGE = "/orgs/[orgSlug]/members";
const SYSTEM_PAGE = "/orgs/[orgSlug]/systems/[systemId]";

function revalidateMembers(): void {
  revalidatePath(MEMBERS_PAGE, "page");
  // A member's systems list and system pages depend on their roles.
  revalidatePath("/orgs/[orgSlug]", "layout");
}

export const addMemberAction = defineAction({
  name: "member.add",
  schema: addMemberSchema,
  permission: "members:manage",
  stepUp: "when-needed",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => addMember(ctx, input, tx),
  after: revalidateMembers,
});

export const changeMemberRoleAction = defineAction({
  name: "member.changeRole",
  schema: changeMemberRoleSchema,
  permission: "members:manage",
  stepUp: "when-needed",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => changeMemberRole(ctx, input, tx),
  after: revalidateMembers,
});

export const removeMemberAction = defineAction({
  name: "member.remove",
  schema: memberRefSchema,
  permission: "members:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => removeMember(ctx, input, tx),
  after: revalidateMembers,
});

/** After 100 consecutive wrong authenticator codes only this (or a recovery code, or the CLI) unlocks. */
export const unlockTwoFactorAction = defineAction({
  name: "member.unlockTwoFactor",
  schema: unlockTwoFactorSchema,
  permission: "members:manage",
  stepUp: true,
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => unlockTwoFactor(ctx, input, tx),
  after: revalidateMembers,
});

/** The token goes back only in this response; no page data ever holds it. */
export const reissueSetPasswordLinkAction = defineAction({
  name: "member.reissueSetPasswordLink",
  schema: memberRefSchema,
  permission: "members:manage",
  stepUp: "when-needed",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => reissueSetPasswordLink(ctx, input, tx),
});

export const addSystemMemberAction = defineAction({
  name: "systemMember.add",
  schema: addSystemMemberSchema,
  permission: "system-members:manage",
  stepUp: "when-needed",
  target: (input) => ({ type: "system", id: input.systemId }),
  run: (ctx, input, tx) => addSystemMember(ctx, input, tx),
  after: () => revalidatePath(SYSTEM_PAGE, "page"),
});

export const changeSystemMemberRoleAction = defineAction({
  name: "systemMember.changeRole",
  schema: changeSystemMemberRoleSchema,
  permission: "system-members:manage",
  stepUp: "when-needed",
  target: (input) => ({ type: "system", id: input.systemId }),
  run: (ctx, input, tx) => changeSystemMemberRole(ctx, input, tx),
  after: () => revalidatePath(SYSTEM_PAGE, "page"),
});

export const removeSystemMemberAction = defineAction({
  name: "systemMember.remove",
  schema: systemMemberRefSchema,
  permission: "system-members:manage",
  target: (input) => ({ type: "system", id: input.systemId }),
  run: (ctx, input, tx) => removeSystemMember(ctx, input, tx),
  after: () => revalidatePath(SYSTEM_PAGE, "page"),
});

export const revokeInvitationAction = defineAction({
  name: "member.revokeInvitation",
  schema: invitationRefSchema,
  permission: "members:manage",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => revokeInvitation(ctx, input, tx),
  after: revalidateMembers,
});

/** "New link": the old link stops working; the new one goes back only in this response. */
export const reissueInvitationAction = defineAction({
  name: "member.reissueInvitation",
  schema: invitationRefSchema,
  permission: "members:manage",
  stepUp: "when-needed",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => reissueInvitation(ctx, input, tx),
  after: revalidateMembers,
});

/** The signed-in invitee accepts or declines an invitation addressed to their email. */
export const answerInvitationAction = defineUserAction({
  name: "member.answerInvitation",
  schema: answerInvitationSchema,
  async run(user, input, meta) {
    const result = await answerInvitation(user, { invitationId: input.invitationId }, input.accept, meta);
    revalidatePath("/", "layout");
    return result;
  },
});
