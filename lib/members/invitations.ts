import { createHash, randomBytes } from "node:crypto";
import { auditTarget, writeAudit } from "@/lib/audit/write";
import { hashPassword, validatePassword } from "@/lib/auth/password";
import { isOrgRole, type OrgRole } from "@/lib/auth/permissions";
import type { Ctx, RequestMeta } from "@/lib/context";
import { getDb, type Tx } from "@/lib/db";
import { uniqueOr } from "@/lib/db/errors";
import { transact } from "@/lib/db/transaction";
import { AppError, conflict, fieldError } from "@/lib/errors";
import { DAY_MS } from "@/lib/time";
import { assertMayGrantOrgRole, lockAndRecheck } from "./guard";

// Members by invitation (README "Security model"). Adding a person by email never adds an account
// at once and never says whether one exists: it makes an invitation, answers the same shape
// either way, and the person who holds the link accepts it. The token is 32 random bytes
// (base64url) shown once to the owner; only its SHA-256 is stored. It works once, for 7 days.

const INVITATION_TTL_MS = 7 * DAY_MS;
export const INVITATION_INVALID_MESSAGE = "This invitation is no longer valid";

export type IssuedInvitation = {
  invitation: { id: string; email: string; role: OrgRole; expiresAt: Date };
  /** `/invite/<token>`: shown once, never stored. */
  link: string;
};

function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const pendingKey = (organizationId: string, email: string) => `${organizationId}:${email}`;

/** Open: neither accepted, declined nor revoked, and not expired. */
const openWhere = (now: Date) => ({
  acceptedAt: null,
  declinedAt: null,
  revokedAt: null,
  expiresAt: { gt: now },
});

/**
 * Invites `email` to the caller's organization with `role`. Refuses only what the caller can see
 * anyway (a member of this organization, a pending invitation of this organization); whether the
 * email has an account elsewhere changes nothing in the answer.
 */
export async function inviteMember(
  ctx: Ctx,
  input: { email: string; role: OrgRole },
  tx: Tx,
  now = new Date(),
): Promise<IssuedInvitation> {
  await lockAndRecheck(tx, ctx, "members:manage");
  assertMayGrantOrgRole(ctx, null, input.role);
  const member = await tx.membership.count({
    where: { organizationId: ctx.organizationId, user: { email: input.email } },
  });
  if (member > 0) throw conflict(`${input.email} is already a member of this organization.`, "email");
  const key = pendingKey(ctx.organizationId, input.email);
  // An expired invitation no longer holds the email's place.
  await tx.invitation.updateMany({
    where: { pendingKey: key, expiresAt: { lte: now } },
    data: { pendingKey: null },
  });
  const token = randomBytes(32).toString("base64url");
  const row = await uniqueOr(
    tx.invitation.create({
      data: {
        organizationId: ctx.organizationId,
        email: input.email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        pendingKey: key,
        invitedById: ctx.actor.type === "user" ? ctx.actor.id : null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      },
      select: { id: true, email: true, expiresAt: true },
    }),
    () =>
      conflict(`${input.email} already has a pending invitation. Revoke it or issue a new link.`, "email"),
  );
  await writeAudit(tx, ctx, {
    action: "member.invited",
    ...auditTarget("invitation", row.id, row.email),
    changes: { role: { before: null, after: input.role } },
  });
  return { invitation: { ...row, role: input.role }, link: `/invite/${token}` };
}

/** Revokes a pending invitation of the caller's organization; its link stops working at once. */
export async function revokeInvitation(
  ctx: Ctx,
  input: { invitationId: string },
  tx: Tx,
  now = new Date(),
): Promise<{ id: string; email: string; role: OrgRole }> {
  await lockAndRecheck(tx, ctx, "members:manage");
  const row = await tx.invitation.findFirst({
    where: {
      id: input.invitationId,
      organizationId: ctx.organizationId,
      acceptedAt: null,
      declinedAt: null,
      revokedAt: null,
    },
    select: { id: true, email: true, role: true },
  });
  if (!row || !isOrgRole(row.role)) throw new AppError("NOT_FOUND", "The invitation was not found.");
  await tx.invitation.update({
    where: { id: row.id, organizationId: ctx.organizationId },
    data: { revokedAt: now, pendingKey: null },
  });
  await writeAudit(tx, ctx, {
    action: "member.invitation_revoked",
    ...auditTarget("invitation", row.id, row.email),
  });
  return { id: row.id, email: row.email, role: row.role };
}

/** "New link": revokes the pending invitation and issues a fresh one for the same email and role. */
export async function reissueInvitation(
  ctx: Ctx,
  input: { invitationId: string },
  tx: Tx,
  now = new Date(),
): Promise<IssuedInvitation> {
  const revoked = await revokeInvitation(ctx, input, tx, now);
  return inviteMember(ctx, { email: revoked.email, role: revoked.role }, tx, now);
}

export type OpenInvitation = {
  id: string;
  email: string;
  role: OrgRole;
  organization: { id: string; name: string; slug: string };
  /** Whether the invited email has an account: told only to the link's holder (the invitee). */
  hasAccount: boolean;
};

/** How an invitee names an invitation: the link's token, or its id on their account page. */
export type InvitationRef = { token: string } | { invitationId: string };

const refWhere = (ref: InvitationRef) =>
  "token" in ref ? { tokenHash: hashInvitationToken(ref.token) } : { id: ref.invitationId };

/** The invitation when it can still be used; null otherwise (one answer for every reason). */
export async function findOpenInvitation(
  ref: InvitationRef,
  db: Tx = getDb(),
  now = new Date(),
): Promise<OpenInvitation | null> {
  const row = await db.invitation.findFirst({
    where: { ...refWhere(ref), ...openWhere(now) },
    select: {
      id: true,
      email: true,
      role: true,
      organization: { select: { id: true, name: true, slug: true } },
    },
  });
  if (!row || !isOrgRole(row.role)) return null;
  const user = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
  return { ...row, role: row.role, hasAccount: user !== null };
}

function invalid(): AppError {
  return new AppError("NOT_FOUND", `${INVITATION_INVALID_MESSAGE}.`);
}

/** Claims the invitation once (compare-and-set): a second tab or a revoke in between gets `invalid`. */
async function claim(
  tx: Tx,
  invitation: OpenInvitation,
  field: "acceptedAt" | "declinedAt",
  now: Date,
): Promise<void> {
  const claimed = await tx.invitation.updateMany({
    where: { id: invitation.id, ...openWhere(now) },
    data: { [field]: now, pendingKey: null },
  });
  if (claimed.count !== 1) throw invalid();
}

type Person = { id: string; email: string };

async function auditAnswer(
  tx: Tx,
  invitation: OpenInvitation,
  user: Person,
  meta: RequestMeta,
  accepted: boolean,
) {
  await writeAudit(
    tx,
    {
      actor: { type: "user", id: user.id, label: user.email },
      organizationId: invitation.organization.id,
      meta,
    },
    {
      action: accepted ? "member.invitation_accepted" : "member.invitation_declined",
      ...auditTarget("invitation", invitation.id, invitation.email),
      changes: accepted ? { role: { before: null, after: invitation.role } } : null,
    },
  );
}

/** The signed-in invitee answers: the invitation's email must be their account's email. */
export async function answerInvitation(
  user: Person,
  ref: InvitationRef,
  accept: boolean,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ organizationSlug: string; accepted: boolean }> {
  return transact(async (tx) => {
    const invitation = await findOpenInvitation(ref, tx, now);
    if (!invitation || invitation.email !== user.email) throw invalid();
    await claim(tx, invitation, accept ? "acceptedAt" : "declinedAt", now);
    if (accept) {
      await uniqueOr(
        tx.membership.create({
          data: { organizationId: invitation.organization.id, userId: user.id, role: invitation.role },
        }),
        invalid,
      );
    }
    await auditAnswer(tx, invitation, user, meta, accept);
    return { organizationSlug: invitation.organization.slug, accepted: accept };
  });
}

/**
 * An invitee without an account accepts: the account (name and password), its membership and the
 * claimed invitation are written in one transaction. The caller signs them in afterwards.
 */
export async function acceptInvitationAsNewAccount(
  input: { token: string; name: string; password: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<{ userId: string; email: string; organizationSlug: string }> {
  const policy = validatePassword(input.password);
  if (!policy.ok) throw fieldError("password", `${policy.message}.`);
  const first = await findOpenInvitation({ token: input.token }, getDb(), now);
  if (!first || first.hasAccount) throw invalid();
  // scrypt takes tens of milliseconds: hash before the transaction, not inside it.
  const passwordHash = await hashPassword(input.password);
  return transact(async (tx) => {
    const invitation = await findOpenInvitation({ token: input.token }, tx, now);
    if (!invitation || invitation.hasAccount) throw invalid();
    await claim(tx, invitation, "acceptedAt", now);
    const user = await uniqueOr(
      tx.user.create({
        data: { email: invitation.email, name: input.name, passwordHash },
        select: { id: true, email: true },
      }),
      invalid,
    );
    await tx.membership.create({
      data: { organizationId: invitation.organization.id, userId: user.id, role: invitation.role },
    });
    await auditAnswer(tx, invitation, user, meta, true);
    return { userId: user.id, email: user.email, organizationSlug: invitation.organization.slug };
  });
}

/** Pending invitations addressed to a signed-in person's email (account page). */
export async function listInvitationsFor(email: string, now = new Date()) {
  return getDb().invitation.findMany({
    where: { email, ...openWhere(now) },
    select: { id: true, role: true, expiresAt: true, organization: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
}
