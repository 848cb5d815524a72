import { describe, expect, it } from "vitest";
import { addMemberAction } from "@/lib/members/actions";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, createUser, signInAs, uniqueEmail } from "../support/fixtures";

useTestDatabase();

// Issue 12, failure 9: adding a member by email must not reveal whether an account exists (the
// answer has the same shape for a known and an unknown email) and must not add another tenant's
// account at once: the person accepts an invitation first (README "Security model").

/** The answer with its variable values (ids, emails, tokens, dates) replaced by their types. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  }
  return value === null ? null : typeof value;
}

describe("adding a member by email (no account oracle, no silent add)", () => {
  it("answers the same shape for another tenant's account and a new email, and adds neither", async () => {
    const acme = await createOrgWithOwner("Acme Invite");
    const globex = await createOrgWithOwner("Globex Invite");
    // A real account of Globex (with a password), whose email Acme's owner has guessed.
    const victim = await createUser({ passwordHash: "scrypt$placeholder" });
    await getDb().membership.create({
      data: { organizationId: globex.org.id, userId: victim.id, role: "admin" },
    });

    await signInAs(acme.owner);
    const known = await addMemberAction({ organizationId: acme.org.id, email: victim.email, role: "member" });
    const fresh = uniqueEmail("nobody");
    const unknown = await addMemberAction({ organizationId: acme.org.id, email: fresh, role: "member" });
    expect(known.ok).toBe(true);
    expect(unknown.ok).toBe(true);
    expect(shape(known)).toEqual(shape(unknown));

    // Globex's owner is not a member of Acme until they accept; no account exists for the new email.
    const membership = await getDb().membership.findUnique({
      where: { organizationId_userId: { organizationId: acme.org.id, userId: victim.id } },
    });
    expect(membership).toBeNull();
    expect(await getDb().user.findUnique({ where: { email: fresh } })).toBeNull();
  });
});
