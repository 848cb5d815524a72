import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { findKeyAction } from "@/lib/keys/actions";
import { useTestDatabase } from "../support/db";
import { addMember, createOrgWithOwner, signInAs } from "../support/fixtures";
import { useKeysWorld } from "../support/key-lifecycle";
import { createKeyRow } from "../support/keys";

// "Which key is this?" (issue 16, item 8): a pasted secret finds its key only within the
// organizations (and systems) the caller may read; anything else is the same "not found", and the
// secret is never stored.

useTestDatabase();

async function find(query: string) {
  const result = await findKeyAction({ query });
  if (!result.ok) throw new Error(`${result.code} ${result.message}`);
  return result.data;
}

describe("find a key by its secret, id or hint", () => {
  const w = useKeysWorld("Findco");

  it("finds the caller's key by its secret, by its id and by the last 4 characters", async () => {
    const { key, secret } = await createKeyRow({ organizationId: w.org.id, label: "leaked-one" });
    await signInAs(w.auditor.user);
    const bySecret = await find(`  ${secret}\n`);
    expect(bySecret).toEqual([
      expect.objectContaining({
        id: key.id,
        label: "leaked-one",
        matchedBy: "secret",
        organization: { slug: w.org.slug, name: w.org.name },
        system: null,
      }),
    ]);
    expect(JSON.stringify(bySecret)).not.toContain(secret);
    expect(await find(key.id)).toEqual([expect.objectContaining({ id: key.id, matchedBy: "id" })]);
    const byHint = await find(secret.slice(-4));
    expect(byHint.map((found) => found.id)).toContain(key.id);
    expect(byHint.every((found) => found.matchedBy === "hint")).toBe(true);
  });

  it("answers another tenant's secret and a made-up one alike: nothing", async () => {
    const other = await createOrgWithOwner("Rival");
    const theirs = await createKeyRow({ organizationId: other.org.id, label: "rival-key" });
    await signInAs(w.owner.user);
    expect(await find(theirs.secret)).toEqual([]);
    expect(await find(`${theirs.secret.slice(0, -1)}x`)).toEqual([]);
    expect(await find(theirs.key.id)).toEqual([]);
    expect(await find(theirs.secret.slice(-4))).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ id: theirs.key.id })]),
    );
    // Their owner finds it.
    await signInAs(other.owner);
    expect(await find(theirs.secret)).toEqual([expect.objectContaining({ id: theirs.key.id })]);
  });

  it("a member finds only keys of systems they administer", async () => {
    const mine = await createKeyRow({ organizationId: w.org.id, systemId: w.system.id, label: "sys-mine" });
    const orgKey = await createKeyRow({ organizationId: w.org.id, label: "org-hidden" });
    await signInAs(w.systemAdmin.user);
    expect(await find(mine.secret)).toEqual([
      expect.objectContaining({ id: mine.key.id, system: { id: w.system.id, name: w.system.name } }),
    ]);
    expect(await find(orgKey.secret)).toEqual([]);
    await signInAs(w.member.user);
    expect(await find(mine.secret)).toEqual([]);
  });

  it("attack: an admin without a second factor cannot look into an organization that requires one", async () => {
    const { secret, key } = await createKeyRow({ organizationId: w.org.id, label: "gated" });
    const newAdmin = await addMember(w.org.id, "admin");
    await signInAs(newAdmin);
    // Without the rule, an admin finds it...
    expect(await find(secret)).toEqual([expect.objectContaining({ id: key.id })]);
    // ...with it, the organization is out of reach until they set up a second factor.
    await getDb().organization.update({ where: { id: w.org.id }, data: { requireTwoFactor: true } });
    expect(await find(secret)).toEqual([]);
    expect(await find(key.id)).toEqual([]);
    // An admin with an authenticator, and an auditor (whom the rule does not ask), still find it.
    await signInAs(w.admin.user);
    expect(await find(secret)).toEqual([expect.objectContaining({ id: key.id })]);
    await signInAs(w.auditor.user);
    expect(await find(secret)).toEqual([expect.objectContaining({ id: key.id })]);
  });

  it("stores nothing: no row and no audit entry carries the pasted text", async () => {
    const { secret } = await createKeyRow({ organizationId: w.org.id, label: "quiet" });
    await signInAs(w.admin.user);
    const before = await getDb().auditEntry.count();
    await find(secret);
    expect(await getDb().auditEntry.count()).toBe(before);
  });

  it("refuses a signed-out caller", async () => {
    const { signOutOfTests } = await import("../support/fixtures");
    signOutOfTests();
    const result = await findKeyAction({ query: "kp_anything-at-all" });
    expect(result).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });
});
