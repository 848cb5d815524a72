import { beforeAll, describe, expect, it } from "vitest";
import { createKeyAction } from "@/lib/keys/actions";
import type { CreateKeyInput } from "@/lib/keys/schemas";
import { hashSecret } from "@/lib/keys/hash";
import { getDb } from "@/lib/db";
import { onKeyChanged } from "@/lib/keys/events";
import {
  addMember,
  addSystemMember,
  createOrgWithOwner,
  createSystemRow,
  enrolTotp,
  freshTotpCode,
  signInAs,
} from "./fixtures";

// A realistic organization for the key tests: every role, two systems (one with its own admin),
// a catalog, and authenticator apps for the people who manage keys.

type TestUser = { id: string; email: string };
export type Enrolled = { user: TestUser; totp: string };

export async function createKeysWorld(name = "Acme") {
  const { org, owner } = await createOrgWithOwner(name);
  const admin = await addMember(org.id, "admin");
  const auditor = await addMember(org.id, "auditor");
  const member = await addMember(org.id, "member");
  const system = await createSystemRow(org.id, `${name} Payments`);
  const otherSystem = await createSystemRow(org.id, `${name} Search`);
  const systemAdmin = await addMember(org.id, "member");
  await addSystemMember(org.id, system.id, systemAdmin.id, "admin");
  const otherSystemAdmin = await addMember(org.id, "member");
  await addSystemMember(org.id, otherSystem.id, otherSystemAdmin.id, "admin");
  await getDb().permission.createMany({
    data: ["catalog:register", "nodes:add", "metrics:read"].map((permission) => ({
      organizationId: org.id,
      name: permission,
    })),
  });
  const enrol = async (user: TestUser): Promise<Enrolled> => ({ user, totp: await enrolTotp(user) });
  return {
    org,
    system,
    otherSystem,
    owner: await enrol(owner),
    admin: await enrol(admin),
    systemAdmin: await enrol(systemAdmin),
    otherSystemAdmin: await enrol(otherSystemAdmin),
    auditor: await enrol(auditor),
    member: await enrol(member),
  };
}
export type KeysWorld = Awaited<ReturnType<typeof createKeysWorld>>;

/**
 * A keys world for the calling describe block (or file), made in its beforeAll: the object is
 * there at once and filled in before the first test, so tests and helpers can hold it.
 */
export function useKeysWorld(name: string): KeysWorld {
  const world = {} as KeysWorld;
  beforeAll(async () => {
    Object.assign(world, await createKeysWorld(name));
  });
  return world;
}

/** Signs in as `who` and returns a code their next step-up accepts. */
export async function actAs(who: Enrolled): Promise<string> {
  await signInAs(who.user);
  return freshTotpCode(who.user, who.totp);
}

/** Creates a key through the action as `who`; a refusal fails the test with its reason. */
export async function createKeyAs(who: Enrolled, input: CreateKeyInput) {
  await signInAs(who.user);
  const result = await createKeyAction(input);
  if (!result.ok)
    throw new Error(
      `createKeyAction refused: ${result.code} ${result.message} ${JSON.stringify(result.fieldErrors)}`,
    );
  return result.data;
}

/** A key's secret rows, oldest first. */
export async function secretRows(keyId: string) {
  return getDb().keySecret.findMany({ where: { keyId }, orderBy: { createdAt: "asc" } });
}

export async function lastAuditSeq(organizationId: string): Promise<number> {
  const last = await getDb().auditEntry.findFirst({
    where: { organizationId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return last?.seq ?? 0;
}

async function auditSince(organizationId: string, seq: number) {
  return getDb().auditEntry.findMany({
    where: { organizationId, seq: { gt: seq } },
    orderBy: { seq: "asc" },
  });
}

/** Runs `work` and returns its result with the audit entries it wrote in the organization. */
export async function withAudit<T>(organizationId: string, work: () => Promise<T>) {
  const seq = await lastAuditSeq(organizationId);
  const result = await work();
  return { result, entries: await auditSince(organizationId, seq) };
}

/**
 * No audit entry of any organization carries any of these strings (secrets, hashes, TOTP codes)
 * in what it records. Ids and chain hashes are left out: a 6-digit code could match inside them
 * by chance.
 */
export async function expectAuditFreeOf(needles: readonly string[]): Promise<void> {
  const entries = await getDb().auditEntry.findMany({
    select: {
      action: true,
      actorLabel: true,
      targetLabel: true,
      userAgent: true,
      changes: true,
      metadata: true,
    },
  });
  const text = JSON.stringify(entries);
  for (const needle of needles) expect(text).not.toContain(needle);
}

export function secretNeedles(secret: string | undefined): string[] {
  return secret ? [secret, hashSecret(secret)] : [];
}

/** Collects the key ids published to the verify caches while the test runs. */
export function watchKeyChanges(): { ids: string[]; stop: () => void } {
  const ids: string[] = [];
  const stop = onKeyChanged((id) => ids.push(id));
  return { ids, stop };
}

/**
 * A describe block over one keys world ("Acme") whose tests push every secret, secret hash and
 * code they handle into `needles`; its last test checks that none of them reached the audit log.
 */
export function describeKeyChanges(title: string, body: (w: KeysWorld, needles: string[]) => void): void {
  describe(title, () => {
    const w = useKeysWorld("Acme");
    const needles: string[] = [];
    body(w, needles);
    it("never wrote a secret, a secret's hash or a TOTP code into the audit log", async () => {
      expect(needles.length).toBeGreaterThan(10);
      await expectAuditFreeOf(needles);
    });
  });
}
