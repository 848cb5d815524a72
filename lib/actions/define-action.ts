import type { z } from "zod";
import {
  can,
  isOrgRole,
  isSystemRole,
  mustEnrolTwoFactor,
  type Permission,
  type RoleSet,
} from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { verifyStepUp } from "@/lib/auth/step-up";
import { requestRelyingParty } from "@/lib/auth/webauthn-rp";
import { writeAudit } from "@/lib/audit/write";
import type { Ctx, RequestMeta } from "@/lib/context";
import { getDb, type Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError, notFound } from "@/lib/errors";
import { getRequestMeta } from "@/lib/http/request-meta";
import { twoFactorRequiredError } from "@/lib/orgs/two-factor";
import { noteRequestActor } from "@/lib/ops/request-context";
import { signedInAction } from "./define-user-action";

// The one wrapper every organization-scoped server action goes through: session, then the
// organization derived from the target's own row (never from a client-sent organization id),
// then the caller's membership from the database, then the permission table, then the input
// schema, then the organization's two-factor requirement, then (for sensitive actions) a step-up (a TOTP code or a passkey); the core function runs in one transaction
// with its audit entry.

type TargetRef =
  { type: "organization"; id: string } | { type: "system"; id: string } | { type: "key"; id: string };

type ResolvedTarget = { organizationId: string; systemId: string | null };

type ActionDef<S extends z.ZodType, R> = {
  name: string;
  schema: S;
  permission: Permission | ((input: z.infer<S>, target: ResolvedTarget) => Permission);
  target: (input: z.infer<S>) => TargetRef;
  run: (ctx: Ctx, input: z.infer<S>, tx: Tx) => Promise<R>;
  after?: (ctx: Ctx, input: z.infer<S>, data: R) => void | Promise<void>;
  /**
   * Reads only, writes nothing (e.g. verifying the audit chain): `run` gets the database client
   * instead of a transaction, so a long read never holds a transaction open.
   */
  readOnly?: true;
  /**
   * Opens its own transactions (a bulk change, one per batch): `run` gets the database client
   * like `readOnly`, and each of its transactions commits on its own.
   */
  ownTransactions?: true;
  /**
   * true: always requires a fresh authenticator code in `input.totpCode` (only schemas that have
   * one may ask). "when-needed": the code is optional; when given it is checked before the core
   * runs and marks the context (ctx.freshStepUp), and the core asks for it (requireFreshStepUp)
   * only for the inputs that widen a credential.
   */
  stepUp?: z.infer<S> extends { totpCode: string }
    ? true
    : z.infer<S> extends { totpCode?: string }
      ? "when-needed"
      : never;
};

export type StepUpKind = "always" | "when-needed" | "never";

export const ACTION_DEFS = new Map<
  string,
  { permission: ActionDef<z.ZodType, unknown>["permission"]; stepUp: StepUpKind }
>();

export function defineAction<S extends z.ZodType, R>(def: ActionDef<S, R>) {
  const stepUp: StepUpKind =
    def.stepUp === true ? "always" : def.stepUp === "when-needed" ? "when-needed" : "never";
  ACTION_DEFS.set(def.name, {
    permission: def.permission as ActionDef<z.ZodType, unknown>["permission"],
    stepUp,
  });
  return signedInAction<S, R>(def.name, def.schema, async (user, input: z.infer<S>) => {
    const target = await resolveTarget(def.target(input));
    const meta = await getRequestMeta();
    const roles = await loadRoles(user.id, target);
    const permission = typeof def.permission === "function" ? def.permission(input, target) : def.permission;
    if (!roles) throw notFound("That item");
    if (!can(roles, permission)) {
      await recordDenied(user, target.organizationId, meta, def.name, permission);
      throw new AppError("FORBIDDEN", "Your role does not allow this action.");
    }
    await requireTwoFactorIfOrgDoes(user, target.organizationId, roles);
    const ctx: Ctx = {
      actor: { type: "user", id: user.id, label: user.email },
      organizationId: target.organizationId,
      meta,
    };
    noteRequestActor(ctx.organizationId, ctx.actor);
    const code = stepUp === "never" ? undefined : totpCodeOf(input, stepUp === "always");
    if (code !== undefined) {
      await verifyStepUp(user, code, ctx, await requestRelyingParty(), def.name);
      ctx.freshStepUp = true;
    }
    const data =
      def.readOnly || def.ownTransactions
        ? await def.run(ctx, input, getDb())
        : await transact((tx) => def.run(ctx, input, tx));
    await def.after?.(ctx, input, data);
    return data;
  });
}

/** The organization's "require two-factor for owners and admins" (lib/orgs/two-factor.ts). */
async function requireTwoFactorIfOrgDoes(user: SessionUser, organizationId: string, roles: RoleSet) {
  const org = await getDb().organization.findUnique({
    where: { id: organizationId },
    select: { requireTwoFactor: true },
  });
  if (org && mustEnrolTwoFactor(org, roles.orgRole, user)) throw twoFactorRequiredError();
}

function totpCodeOf(input: unknown, required: boolean): string | undefined {
  const code =
    typeof input === "object" && input !== null && "totpCode" in input ? input.totpCode : undefined;
  if (typeof code === "string") return code;
  if (required || code !== undefined)
    throw new Error("A step-up action's schema must have a totpCode field.");
  return undefined;
}

async function resolveTarget(ref: TargetRef): Promise<ResolvedTarget> {
  const db = getDb();
  if (ref.type === "organization") {
    const org = await db.organization.findUnique({ where: { id: ref.id }, select: { id: true } });
    if (!org) throw notFound("The organization");
    return { organizationId: org.id, systemId: null };
  }
  if (ref.type === "system") {
    const system = await db.system.findUnique({
      where: { id: ref.id },
      select: { id: true, organizationId: true },
    });
    if (!system) throw notFound("The system");
    return { organizationId: system.organizationId, systemId: system.id };
  }
  const key = await db.apiKey.findUnique({
    where: { id: ref.id },
    select: { organizationId: true, systemId: true },
  });
  if (!key) throw notFound("The key");
  return { organizationId: key.organizationId, systemId: key.systemId };
}

async function loadRoles(userId: string, target: ResolvedTarget): Promise<RoleSet | null> {
  const db = getDb();
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: target.organizationId, userId } },
    select: { role: true },
  });
  if (!membership || !isOrgRole(membership.role)) return null;
  if (!target.systemId) return { orgRole: membership.role };
  const systemMember = await db.systemMember.findUnique({
    where: { systemId_userId: { systemId: target.systemId, userId } },
    select: { role: true },
  });
  const systemRole = systemMember && isSystemRole(systemMember.role) ? systemMember.role : null;
  return { orgRole: membership.role, systemRole };
}

async function recordDenied(
  user: SessionUser,
  organizationId: string,
  meta: RequestMeta,
  action: string,
  permission: Permission,
): Promise<void> {
  await transact((tx) =>
    writeAudit(
      tx,
      { actor: { type: "user", id: user.id, label: user.email }, organizationId, meta },
      {
        action: "authorization.denied",
        outcome: "denied",
        targetType: "action",
        targetLabel: action,
        metadata: { permission },
      },
    ),
  );
}
