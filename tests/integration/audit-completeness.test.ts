import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrganizationAction } from "@/lib/orgs/actions";
import { createSystemAction, deleteSystemAction, updateSystemAction } from "@/lib/systems/actions";
import type { OrgRole } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { createSystem } from "@/lib/systems/systems";
import { createWebhookAction, deleteWebhookAction } from "@/lib/webhooks/actions";
import { addMemberAction, answerInvitationAction, revokeInvitationAction } from "@/lib/members/actions";
import { expectNoAuditEntry, expectOneAuditEntry } from "../support/audit";
import { useTestDatabase } from "../support/db";
import {
  addMember,
  createInvitationRow,
  createOrgWithOwner,
  createSystemRow,
  createUser,
  signInAs,
  uniqueEmail,
} from "../support/fixtures";
import { createWebhookRow } from "../support/webhooks";

// Every change writes exactly one audit entry, in its own transaction. One row per action: when
// you add an action, add its row here (`prepare` builds what it needs, `run` performs it).

useTestDatabase();

type World = { orgId: string; owner: { id: string; email: string } };
type Case = {
  action: string;
  name: string;
  prepare?: (w: World) => Promise<Record<string, string>>;
  run: (w: World, prepared: Record<string, string>) => Promise<unknown>;
  /** Checks on the entry beyond its action (target, changes, metadata). */
  expectEntry?: (entry: Record<string, unknown>, w: World, prepared: Record<string, string>) => void;
};

const unique = (prefix: string) => `${prefix} ${randomBytes(3).toString("hex")}`;

const CASES: Case[] = [
  {
    action: "system.created",
    name: "create a system",
    run: (w) => createSystemAction({ organizationId: w.orgId, name: unique("Payments"), description: "EU" }),
    expectEntry: (entry, w) =>
      expect(entry).toMatchObject({
        organizationId: w.orgId,
        actorId: w.owner.id,
        actorLabel: w.owner.email,
        targetType: "system",
        outcome: "success",
        ip: "203.0.113.7",
        changes: { description: { before: null, after: "EU" } },
      }),
  },
  {
    action: "system.updated",
    name: "rename and describe a system",
    prepare: async (w) => ({ systemId: (await createSystemRow(w.orgId, unique("Search"))).id }),
    run: (_w, p) =>
      updateSystemAction({ systemId: p.systemId, name: unique("Search v2"), description: "New" }),
    expectEntry: (entry, _w, p) =>
      expect(entry).toMatchObject({
        targetId: p.systemId,
        changes: { description: { before: "", after: "New" } },
      }),
  },
  {
    action: "system.deleted",
    name: "delete a system",
    prepare: async (w) => {
      const system = await createSystemRow(w.orgId, unique("Ledger"));
      return { systemId: system.id, name: system.name };
    },
    run: (_w, p) => deleteSystemAction({ systemId: p.systemId, confirmName: p.name }),
    expectEntry: (entry, _w, p) => expect(entry).toMatchObject({ targetId: p.systemId, targetLabel: p.name }),
  },
  {
    action: "webhook.created",
    name: "add a webhook",
    run: (w) =>
      createWebhookAction({
        organizationId: w.orgId,
        url: "https://93.184.215.14/audited",
        events: ["key.created"],
      }),
    expectEntry: (entry) =>
      expect(entry).toMatchObject({ targetType: "webhook", targetLabel: "https://93.184.215.14/audited" }),
  },
  {
    action: "webhook.deleted",
    name: "delete a webhook",
    prepare: async (w) => ({ webhookId: (await createWebhookRow(w.orgId)).webhook.id }),
    run: (w, p) => deleteWebhookAction({ organizationId: w.orgId, webhookId: p.webhookId }),
    expectEntry: (entry, _w, p) =>
      expect(entry).toMatchObject({ targetType: "webhook", targetId: p.webhookId }),
  },
  {
    action: "member.invited",
    name: "invite a member by email",
    run: (w) => addMemberAction({ organizationId: w.orgId, email: uniqueEmail("audit"), role: "auditor" }),
    expectEntry: (entry, w) =>
      expect(entry).toMatchObject({
        organizationId: w.orgId,
        actorId: w.owner.id,
        targetType: "invitation",
        changes: { role: { before: null, after: "auditor" } },
      }),
  },
  {
    action: "member.invitation_revoked",
    name: "revoke an invitation",
    prepare: async (w) => ({ invitationId: (await createInvitationRow(w.orgId)).id }),
    run: (w, p) => revokeInvitationAction({ organizationId: w.orgId, invitationId: p.invitationId! }),
    expectEntry: (entry, _w, p) => expect(entry).toMatchObject({ targetId: p.invitationId }),
  },
  ...([true, false] as const).map((accept): Case => ({
    action: accept ? "member.invitation_accepted" : "member.invitation_declined",
    name: accept ? "accept an invitation" : "decline an invitation",
    async prepare(w) {
      const invitee = await createUser({ passwordHash: "scrypt$placeholder" });
      const invitation = await createInvitationRow(w.orgId, "member", invitee.email);
      return { inviteeId: invitee.id, invitationId: invitation.id };
    },
    async run(_w, p) {
      await signInAs({ id: p.inviteeId! });
      return answerInvitationAction({ invitationId: p.invitationId!, accept });
    },
    expectEntry: (entry, w, p) =>
      expect(entry).toMatchObject({
        organizationId: w.orgId,
        actorId: p.inviteeId,
        targetId: p.invitationId,
      }),
  })),
  {
    action: "organization.created",
    name: "create an organization",
    run: () => createOrganizationAction({ name: unique("Globex") }),
    expectEntry: (entry, w) =>
      expect(entry).toMatchObject({ targetType: "organization", actorId: w.owner.id }),
  },
];

describe("every change writes exactly one audit entry", () => {
  let world: World;

  beforeAll(async () => {
    const { org, owner } = await createOrgWithOwner("Acme");
    world = { orgId: org.id, owner };
  });

  it.each(CASES.map((c) => [c.action, c] as const))("%s", async (_action, c) => {
    await signInAs(world.owner);
    const prepared = (await c.prepare?.(world)) ?? {};
    const { entry } = await expectOneAuditEntry(c.action, () => c.run(world, prepared));
    c.expectEntry?.(entry as unknown as Record<string, unknown>, world, prepared);
  });
});

describe("refused and no-op changes", () => {
  let world: World;
  let systemId: string;

  beforeAll(async () => {
    const { org, owner } = await createOrgWithOwner("Initech");
    world = { orgId: org.id, owner };
    systemId = (await createSystemRow(org.id, "Billing")).id;
  });

  it.each<OrgRole>(["auditor", "member"])(
    "a refused change by a %s writes one authorization.denied entry and nothing else",
    async (role) => {
      await signInAs(await addMember(world.orgId, role));
      const { result, entry } = await expectOneAuditEntry("authorization.denied", () =>
        createSystemAction({ organizationId: world.orgId, name: unique("Nope"), description: "" }).then(
          (r) => ({
            refused: r,
          }),
        ),
      );
      expect(result.refused).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(entry).toMatchObject({ outcome: "denied", targetLabel: "system.create" });
    },
  );

  it("a non-member's attempt is answered as not found and writes nothing in that organization", async () => {
    const outsider = await createOrgWithOwner("Umbrella");
    await signInAs(outsider.owner);
    const result = await expectNoAuditEntry(() =>
      updateSystemAction({ systemId, name: "Hijacked", description: "" }),
    );
    expect(result).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it.each<[string, (ids: { orgId: string; systemId: string }) => Promise<unknown>]>([
    ["invalid input", (ids) => createSystemAction({ organizationId: ids.orgId, name: "x", description: "" })],
    [
      "a duplicate name",
      (ids) => createSystemAction({ organizationId: ids.orgId, name: "billing", description: "" }),
    ],
    [
      "an update that changes nothing",
      (ids) => updateSystemAction({ systemId: ids.systemId, name: "Billing", description: "" }),
    ],
    [
      "a wrong confirmation",
      (ids) => deleteSystemAction({ systemId: ids.systemId, confirmName: "Not the name" }),
    ],
  ])("%s writes no entry", async (_case, run) => {
    await signInAs(world.owner);
    await expectNoAuditEntry(() => run({ orgId: world.orgId, systemId }));
  });

  it("a change and its entry commit or roll back together", async () => {
    const ctx: Ctx = {
      actor: { type: "user", id: world.owner.id, label: world.owner.email },
      organizationId: world.orgId,
      meta: { ip: null, userAgent: null },
    };
    const name = unique("Rolled back");
    await expectNoAuditEntry(() =>
      transact(async (tx) => {
        await createSystem(ctx, { organizationId: world.orgId, name, description: "" }, tx);
        throw new Error("the request failed after the change");
      }).catch((error: unknown) => error),
    );
    expect(await getDb().system.findFirst({ where: { organizationId: world.orgId, name } })).toBeNull();
  });
});
