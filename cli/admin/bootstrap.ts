import { hostname, userInfo } from "node:os";
import type { z } from "zod";
import { writeAudit } from "@/lib/audit/write";
import { hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { createKey } from "@/lib/keys/create";
import { ORG_ONLY_PERMISSION } from "@/lib/keys/references";
import { createKeySchema } from "@/lib/keys/schemas";
import { BUILT_IN_PERMISSIONS, uniqueOrgSlug } from "@/lib/orgs/organizations";
import { SETUP_SENTINEL } from "@/lib/orgs/setup";
import { setupSchema } from "@/lib/orgs/schemas";

// Operator bootstrap without a browser: the first owner, their organization and an organization
// key holding keys:manage, in one transaction, audited with the operator as actor. Like the
// console's first-run set-up (lib/orgs/setup.ts), it only runs on an installation without users,
// and takes the same sentinel row so the two cannot both succeed when they race.

export type BootstrapInput = Omit<z.input<typeof setupSchema>, "confirmPassword">;

export type BootstrapResult = {
  user: { id: string; email: string };
  organization: { id: string; name: string; slug: string };
  key: { id: string; label: string; expiresAt: Date; secret: string };
};

export const BOOTSTRAP_KEY_LABEL = "bootstrap";

/** The console's own set-up rules (email, name, password, organization name), before any change. */
export function parseBootstrapInput(raw: BootstrapInput): z.output<typeof setupSchema> {
  const parsed = setupSchema.safeParse({ ...raw, confirmPassword: raw.password });
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new AppError(
    "VALIDATION_FAILED",
    first ? `${first.path.join(".")}: ${first.message}` : "Invalid input.",
  );
}

export async function bootstrap(raw: BootstrapInput): Promise<BootstrapResult> {
  const input = parseBootstrapInput(raw);
  const passwordHash = await hashPassword(input.password);
  return transact(async (tx) => {
    if ((await tx.user.count()) > 0) {
      throw new AppError(
        "CONFLICT",
        "This installation already has users: bootstrap only sets up a new one. Sign in to the console instead.",
      );
    }
    await tx.rateLimit.create({ data: { key: SETUP_SENTINEL, count: 1, windowStart: new Date() } });
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true, email: true },
    });
    const organization = await tx.organization.create({
      data: {
        name: input.organizationName,
        slug: await uniqueOrgSlug(tx, input.organizationName),
        policy: { create: {} },
        permissions: { create: BUILT_IN_PERMISSIONS.map((p) => ({ ...p, builtIn: true })) },
        memberships: { create: { userId: user.id, role: "owner" } },
      },
      select: { id: true, name: true, slug: true },
    });
    const ctx = operatorCtx(organization.id);
    await auditSetup(tx, ctx, organization, user);
    const created = await createKey(
      ctx,
      createKeySchema.parse({
        organizationId: organization.id,
        label: BOOTSTRAP_KEY_LABEL,
        description: `Made by keyplane admin bootstrap for ${user.email}. Roll or revoke it once you have your own keys.`,
        permissions: [ORG_ONLY_PERMISSION],
      }),
      tx,
    );
    const secret = created.secrets.primary;
    if (!secret) throw new Error("createKey returned no primary secret.");
    const key = { id: created.key.id, label: created.key.label, expiresAt: created.key.expiresAt, secret };
    return { user, organization, key };
  });
}

function operatorCtx(organizationId: string): Ctx {
  // Who ran it, as far as this machine knows: an audit trail is only as good as its "who".
  let account = "unknown";
  try {
    account = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return {
    actor: { type: "operator", id: null, label: `operator ${account}@${hostname()}` },
    organizationId,
    roles: { orgRole: "owner" },
    meta: { ip: null, userAgent: "keyplane-cli admin bootstrap" },
  };
}

async function auditSetup(
  tx: Tx,
  ctx: Ctx,
  organization: { id: string; name: string },
  user: { id: string; email: string },
): Promise<void> {
  await writeAudit(tx, ctx, {
    action: "organization.created",
    targetType: "organization",
    targetId: organization.id,
    targetLabel: organization.name,
    changes: { name: { before: null, after: organization.name } },
    metadata: { via: "admin bootstrap" },
  });
  await writeAudit(tx, ctx, {
    action: "member.added",
    targetType: "user",
    targetId: user.id,
    targetLabel: user.email,
    changes: { role: { before: null, after: "owner" } },
    metadata: { newAccount: true, via: "admin bootstrap" },
  });
}
