import { randomBytes } from "node:crypto";
import { auditTarget, writeAudit } from "@/lib/audit/write";
import type { Ctx, RequestMeta } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { getDb } from "@/lib/db";
import { isOrgRole, type OrgRole } from "@/lib/auth/permissions";
import { slugify } from "./schemas";

const BUILT_IN_PERMISSIONS = [
  { name: "keys:manage", description: "Manage keys through the REST API and CLI." },
] as const;

export type OrgSummary = { id: string; name: string; slug: string; role: OrgRole };

/** The slug for a new organization: from its name, with a random suffix when taken. */
async function uniqueOrgSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  const taken = await tx.organization.findUnique({ where: { slug: base }, select: { id: true } });
  return taken ? `${base.slice(0, 40)}-${randomBytes(3).toString("hex")}` : base;
}

/** Who creates an organization: an entry point's Ctx before there is an organization to name. */
export type OrgCreatorCtx = Pick<Ctx, "actor" | "meta">;

export type NewOrganization = { name: string; owner: { id: string; email: string } };

/** The signed-in user creating an organization they will own (the console and first-run set-up). */
export function ownerCreates(owner: { id: string; email: string }, meta: RequestMeta): OrgCreatorCtx {
  return { actor: { type: "user", id: owner.id, label: owner.email }, meta };
}

/**
 * Creates an organization with its default key policy and catalog, and `input.owner` as its owner.
 * The one way an organization comes to be: the console's "new organization", first-run set-up and
 * `keyplane admin bootstrap` (whose actor is the operator) all write the same audit entry.
 */
export async function createOrganization(
  ctx: OrgCreatorCtx,
  input: NewOrganization,
  tx: Tx,
): Promise<OrgSummary> {
  const org = await tx.organization.create({
    data: {
      name: input.name,
      slug: await uniqueOrgSlug(tx, input.name),
      policy: { create: {} },
      permissions: { create: BUILT_IN_PERMISSIONS.map((p) => ({ ...p, builtIn: true })) },
      memberships: { create: { userId: input.owner.id, role: "owner" } },
    },
  });
  await writeAudit(
    tx,
    { ...ctx, organizationId: org.id },
    {
      action: "organization.created",
      ...auditTarget("organization", org.id, org.name),
      changes: {
        name: { before: null, after: org.name },
        owner: { before: null, after: input.owner.email },
      },
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
