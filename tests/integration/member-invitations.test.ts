import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { acceptInvitationAction } from "@/lib/auth/actions";
import { verifyPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db";
import {
  addMemberAction,
  answerInvitationAction,
  reissueInvitationAction,
  revokeInvitationAction,
} from "@/lib/members/actions";
import { findOpenInvitation, listInvitationsFor } from "@/lib/members/invitations";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, createUser, signInAs, signOutOfTests, uniqueEmail } from "../support/fixtures";
import { refused } from "../support/results";

useTestDatabase();

// Members by invitation (lib/members/invitations.ts, README "Security model").

const PASSWORD = "a long and new passphrase";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const tokenOf = (link: string) => link.replace(/^\/invite\//, "");

describe("member invitations", () => {
  let org: { id: string; slug: string };
  let owner: { id: string; email: string };

  beforeAll(async () => {
    ({ org, owner } = await createOrgWithOwner("Initech"));
  });

  async function invite(email: string, role: "member" | "auditor" = "member") {
    await signInAs(owner);
    const result = await addMemberAction({ organizationId: org.id, email, role });
    if (!result.ok) throw new Error(result.message);
    return result.data;
  }

  it("stores only the token's SHA-256, for 7 days, and audits member.invited", async () => {
    const email = uniqueEmail("new");
    const { invitation, link } = await invite(email, "auditor");
    expect(link).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(link);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = await getDb().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ organizationId: org.id, email, role: "auditor", invitedById: owner.id });
    expect(row.tokenHash).toBe(sha256(token));
    const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(ttl).toBe(7 * 86_400_000);
    const everything = JSON.stringify([
      await getDb().invitation.findMany(),
      await getDb().auditEntry.findMany(),
    ]);
    expect(everything).not.toContain(token);
    const entry = await getDb().auditEntry.findFirst({
      where: { action: "member.invited", targetId: invitation.id },
    });
    expect(entry).toMatchObject({ organizationId: org.id, actorId: owner.id, targetLabel: email });
  });

  it("refuses a second pending invitation and an existing member of this organization", async () => {
    const email = uniqueEmail("twice");
    await invite(email);
    expect(await addMemberAction({ organizationId: org.id, email, role: "member" })).toMatchObject(
      refused("CONFLICT", { fieldErrors: { email: expect.stringContaining("pending invitation") } }),
    );
    expect(
      await addMemberAction({ organizationId: org.id, email: owner.email, role: "member" }),
    ).toMatchObject(
      refused("CONFLICT", { fieldErrors: { email: expect.stringContaining("already a member") } }),
    );
  });

  it("a new person sets name and password: account, membership and acceptance at once, single use", async () => {
    const email = uniqueEmail("fresh");
    const { invitation, link } = await invite(email, "auditor");
    signOutOfTests();
    const token = tokenOf(link);
    await expect(findOpenInvitation({ token })).resolves.toMatchObject({
      hasAccount: false,
      role: "auditor",
    });

    const result = await acceptInvitationAction({
      token,
      name: "Fay Fresh",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(result).toEqual({ ok: true, data: { redirectTo: `/orgs/${org.slug}` } });
    const user = await getDb().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.name).toBe("Fay Fresh");
    expect(user.passwordHash && (await verifyPassword(PASSWORD, user.passwordHash))).toBe(true);
    expect(user.memberships).toEqual([expect.objectContaining({ organizationId: org.id, role: "auditor" })]);
    const row = await getDb().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.acceptedAt).not.toBeNull();
    expect(row.pendingKey).toBeNull();
    expect(
      await getDb().auditEntry.findFirst({
        where: { action: "member.invitation_accepted", targetId: invitation.id },
      }),
    ).toMatchObject({ organizationId: org.id, actorId: user.id });

    const again = await acceptInvitationAction({
      token,
      name: "Mallory",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(again).toMatchObject(refused("NOT_FOUND", { message: "This invitation is no longer valid." }));
  });

  it("an existing account accepts or declines only as itself", async () => {
    const { org: elsewhere } = await createOrgWithOwner("Elsewhere");
    const person = await createUser({ passwordHash: "scrypt$placeholder" });
    await getDb().membership.create({
      data: { organizationId: elsewhere.id, userId: person.id, role: "member" },
    });
    const stranger = await createUser({ passwordHash: "scrypt$placeholder" });

    const first = await invite(person.email);
    await expect(findOpenInvitation({ token: tokenOf(first.link) })).resolves.toMatchObject({
      hasAccount: true,
    });
    // No account is made from the link when the email has one.
    expect(
      await acceptInvitationAction({
        token: tokenOf(first.link),
        name: "X",
        password: PASSWORD,
        confirmPassword: PASSWORD,
      }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });

    await signInAs(stranger);
    expect(await answerInvitationAction({ invitationId: first.invitation.id, accept: true })).toMatchObject(
      refused("NOT_FOUND"),
    );
    expect(await getDb().membership.count({ where: { organizationId: org.id, userId: stranger.id } })).toBe(
      0,
    );

    await signInAs(person);
    expect(await listInvitationsFor(person.email)).toEqual([
      expect.objectContaining({ id: first.invitation.id }),
    ]);
    expect(await answerInvitationAction({ invitationId: first.invitation.id, accept: false })).toMatchObject({
      ok: true,
      data: { accepted: false },
    });
    expect(await getDb().membership.count({ where: { organizationId: org.id, userId: person.id } })).toBe(0);
    expect(
      await getDb().auditEntry.count({
        where: { action: "member.invitation_declined", targetId: first.invitation.id },
      }),
    ).toBe(1);
    // Declined is final.
    expect((await answerInvitationAction({ invitationId: first.invitation.id, accept: true })).ok).toBe(
      false,
    );

    const second = await invite(person.email, "auditor");
    await signInAs(person);
    expect(await answerInvitationAction({ invitationId: second.invitation.id, accept: true })).toEqual({
      ok: true,
      data: { accepted: true, organizationSlug: org.slug },
    });
    expect(
      await getDb().membership.findUnique({
        where: { organizationId_userId: { organizationId: org.id, userId: person.id } },
        select: { role: true },
      }),
    ).toEqual({ role: "auditor" });
    expect(await listInvitationsFor(person.email)).toEqual([]);
  });

  it("revoking ends the link at once; a new link revokes the old one; an expired link is invalid", async () => {
    const email = uniqueEmail("revoked");
    const first = await invite(email);
    const renewed = await reissueInvitationAction({
      organizationId: org.id,
      invitationId: first.invitation.id,
    });
    if (!renewed.ok) throw new Error(renewed.message);
    expect(await findOpenInvitation({ token: tokenOf(first.link) })).toBeNull();
    await expect(findOpenInvitation({ token: tokenOf(renewed.data.link) })).resolves.toMatchObject({ email });

    expect(
      await revokeInvitationAction({ organizationId: org.id, invitationId: renewed.data.invitation.id }),
    ).toMatchObject({ ok: true });
    expect(await findOpenInvitation({ token: tokenOf(renewed.data.link) })).toBeNull();
    expect(
      await getDb().auditEntry.count({
        where: { action: "member.invitation_revoked", targetLabel: email, organizationId: org.id },
      }),
    ).toBe(2);

    const late = await invite(email);
    await getDb().invitation.update({
      where: { id: late.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await findOpenInvitation({ token: tokenOf(late.link) })).toBeNull();
    // The expired invitation no longer holds the email's place.
    expect((await invite(email)).invitation.email).toBe(email);
  });

  it("another organization's owner cannot revoke or renew this organization's invitation", async () => {
    const { invitation } = await invite(uniqueEmail("mine"));
    const { org: foreign, owner: foreignOwner } = await createOrgWithOwner("Foreign");
    await signInAs(foreignOwner);
    for (const result of [
      await revokeInvitationAction({ organizationId: foreign.id, invitationId: invitation.id }),
      await reissueInvitationAction({ organizationId: foreign.id, invitationId: invitation.id }),
      await revokeInvitationAction({ organizationId: org.id, invitationId: invitation.id }),
    ]) {
      expect(result).toMatchObject({ ok: false });
      if (!result.ok) expect(["NOT_FOUND", "FORBIDDEN"]).toContain(result.code);
    }
    const row = await getDb().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.revokedAt).toBeNull();
  });
});
