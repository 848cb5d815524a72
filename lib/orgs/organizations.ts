import "server-only";
import { randomBytes } from "node:crypto";
import { writeAudit } from "@/lib/audit/write";
import type { Actor, RequestMeta } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { getDb } from "@/lib/db";
import { isOrgRole, type OrgRole } from "@/lib/auth/permissions";
import { slugify, type CreateOrganizationInput } from "./schemas";

export const BUILT_IN_PERMISSIONS = [
  { name: "keys:manage", description: "Manage keys through the REST API and CLI." },
] as const;

export type OrgSummary = { id: string; name: string; slug: string; role: OrgRole };

/** The slug for a new organization: from its name, with a random suffix when taken. */
export async function uniqueOrgSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  const taken = await tx.organization.findUnique({ where: { slug: base }, select: { id: true } });
  return taken ? `${base.slice(0, 40)}-${randomBytes(3).toString("hex")}` : base;
}

/** Creates an organization with its default key policy and catalog; the creator becomes its owner. */
export async function createOrganization(
  user: { id: string; email: string },
  input: CreateOrganizationInput,
  meta: RequestMeta,
  tx: Tx,
): Promise<OrgSummary> {
  const org = await tx.organization.create({
    data: {
      name: input.name,
      slug: await uniqueOrgSlug(tx, input.name),
      policy: { create: {} },
      permissions: { create: BUILT_IN_PERMISSIONS.map((p) => ({ ...p, builtIn: true })) },
      memberships: { create: { userId: user.id, role: "owner" } },
    },
  });
  const actor: Actor = { type: "user", id: user.id, label: user.email };
  await writeAudit(
    tx,
    { actor, organizationId: org.id, meta },
    {
      action: "organization.created",
      targetType: "organization",
      targetId: org.id,
      targetLabel: org.name,
      changes: { name: { before: null, after: org.name } },
    },
  );
  return { id: org.id, name: org.name, slug: org.slug, role: "owner" };
}

/** The organizations a user belongs to, for the header selector. */
export async function listUserOrganizations(userId: string): Promise<OrgSummary[]> {
  const memberships = await getDb().membership.findMany({
    where: { userId },
    include: { organization: { select: { id: true, name: true, slug: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return memberships.flatMap((m) =>
    isOrgRole(m.role)
      ? [{ id: m.organization.id, name: m.organization.name, slug: m.organization.slug, role: m.role }]
      : [],
  );
}
