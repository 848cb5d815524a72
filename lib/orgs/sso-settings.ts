import type { z } from "zod";
import { writeAudit } from "@/lib/audit/write";
import { ssoSettings } from "@/lib/auth/sso";
import { requireFreshStepUp } from "@/lib/auth/step-up";
import { AppError } from "@/lib/errors";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import type { setSsoSettingsSchema } from "./settings-schemas";

// An organization's single sign-on settings (README, "Single sign-on"): the claim and its value →
// role mappings that just-in-time membership follows (lib/auth/sso-membership.ts), and "passwords
// off" (lib/auth/sign-in.ts). Owners only (org:update), with a fresh step-up, audited.

type SsoSettingsData = z.output<typeof setSsoSettingsSchema>;

export type OrgSsoSettings = {
  claim: string;
  mappings: { value: string; role: string }[];
  requireSso: boolean;
};

export async function readOrgSsoSettings(tx: Tx, organizationId: string): Promise<OrgSsoSettings> {
  const org = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: {
      ssoClaim: true,
      requireSso: true,
      ssoRoleMappings: { select: { value: true, role: true }, orderBy: { value: "asc" } },
    },
  });
  return { claim: org.ssoClaim ?? "", mappings: org.ssoRoleMappings, requireSso: org.requireSso };
}

export async function setSsoSettings(ctx: Ctx, input: SsoSettingsData, tx: Tx): Promise<OrgSsoSettings> {
  requireFreshStepUp(ctx, "Changing single sign-on settings");
  // Passwords off without a provider would leave the members no way in.
  if (input.requireSso && !ssoSettings())
    throw new AppError(
      "CONFLICT",
      "Single sign-on is not configured on this installation (KEYPLANE_OIDC_ISSUER), so passwords cannot be turned off.",
    );
  const before = await readOrgSsoSettings(tx, ctx.organizationId);
  const after: OrgSsoSettings = {
    claim: input.claim,
    mappings: [...input.mappings].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
    requireSso: input.requireSso,
  };
  if (JSON.stringify(before) === JSON.stringify(after)) return before;
  const org = await tx.organization.update({
    where: { id: ctx.organizationId },
    data: { ssoClaim: after.claim || null, requireSso: after.requireSso },
    select: { name: true },
  });
  await tx.ssoRoleMapping.deleteMany({ where: { organizationId: ctx.organizationId } });
  if (after.mappings.length > 0) {
    await tx.ssoRoleMapping.createMany({
      data: after.mappings.map((m) => ({ organizationId: ctx.organizationId, value: m.value, role: m.role })),
    });
  }
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of ["claim", "mappings", "requireSso"] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      changes[field] = { before: before[field], after: after[field] };
  }
  await writeAudit(tx, ctx, {
    action: "organization.sso_settings_changed",
    targetType: "organization",
    targetId: ctx.organizationId,
    targetLabel: org.name,
    changes,
  });
  return after;
}
