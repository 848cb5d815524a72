import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import type { OrgRole, SystemRole } from "@/lib/auth/permissions";
import { currentTotpCode, generateTotpSecret } from "@/lib/auth/totp";
import { encryptTotpSecret } from "@/lib/auth/totp-storage";
import { createOrganization, ownerCreates } from "@/lib/orgs/organizations";
import { testRequest } from "./state";

// Builders for integration tests. They write rows directly (not through actions) so a test
// states its starting point plainly and then exercises one action.

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.test`;
}

/** The password the sign-in tests give their accounts (`createUser({ password: TEST_PASSWORD })`). */
export const TEST_PASSWORD = "correct horse battery staple";

/** A user; with `password`, one that can sign in with it (hashed as the product hashes). */
export async function createUser(
  options: { email?: string; name?: string; password?: string; passwordHash?: string } = {},
) {
  return getDb().user.create({
    data: {
      email: options.email ?? uniqueEmail(),
      name: options.name ?? "Test User",
      passwordHash: options.password ? await hashPassword(options.password) : (options.passwordHash ?? null),
    },
  });
}

/** Creates a server-side session for the user and makes it the current request's session. */
export async function signInAs(user: { id: string }): Promise<string> {
  const session = await getDb().session.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() + 3600_000) },
  });
  testRequest.sid = session.id;
  return session.id;
}

export function signOutOfTests(): void {
  testRequest.sid = null;
}

export async function createOrgWithOwner(name = "Acme") {
  const owner = await createUser({ name: "Owner" });
  const meta = { ip: "198.51.100.1", userAgent: "fixture" };
  const org = await getDb().$transaction((tx) =>
    createOrganization(ownerCreates(owner, meta), { name, owner }, tx),
  );
  return { org, owner };
}

export async function addMember(organizationId: string, role: OrgRole) {
  const user = await createUser({ name: `A ${role}` });
  await getDb().membership.create({ data: { organizationId, userId: user.id, role } });
  return user;
}

export async function addSystemMember(
  organizationId: string,
  systemId: string,
  userId: string,
  role: SystemRole,
) {
  await getDb().systemMember.create({ data: { organizationId, systemId, userId, role } });
}

export async function createSystemRow(organizationId: string, name = "Payments") {
  return getDb().system.create({
    data: { organizationId, name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") },
  });
}

/**
 * Enrols the user's authenticator directly, as a confirmed enrolment would, and returns the TOTP
 * secret so the test can make codes (currentTotpCode from lib/auth/totp).
 */
export async function enrolTotp(user: { id: string }): Promise<string> {
  const secret = generateTotpSecret();
  await getDb().user.update({
    where: { id: user.id },
    data: {
      totpSecretEnc: encryptTotpSecret(user.id, secret, "active"),
      totpEnabledAt: new Date(),
      totpLastStep: null,
    },
  });
  return secret;
}

/**
 * A code the next step-up accepts. A real user gets one code per 30-second step and each is
 * accepted once, so the stored last step and the failure counter are cleared first.
 */
export async function freshTotpCode(user: { id: string }, secret: string): Promise<string> {
  await getDb().user.update({ where: { id: user.id }, data: { totpLastStep: null } });
  await getDb().rateLimit.deleteMany({ where: { key: `totp:user:${user.id}` } });
  return currentTotpCode(secret);
}

/** A pending invitation row (its token is never needed: only its hash is stored). */
export async function createInvitationRow(
  organizationId: string,
  role: OrgRole = "member",
  email = uniqueEmail("invited"),
) {
  return getDb().invitation.create({
    data: {
      organizationId,
      email,
      role,
      tokenHash: randomBytes(32).toString("hex"),
      pendingKey: `${organizationId}:${email}`,
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
    },
  });
}
