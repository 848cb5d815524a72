import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { ACTION_DEFS, type StepUpKind } from "@/lib/actions/define-action";
import { PUBLIC_ACTION_NAMES, USER_ACTION_NAMES } from "@/lib/actions/define-user-action";
import type { ActionResult } from "@/lib/actions/result";
import { isOrgRole, isSystemRole, type Permission, type RoleSet } from "@/lib/auth/permissions";
import { encryptString } from "@/lib/crypto/aes";
import { getDb } from "@/lib/db";
import { encryptionKey } from "@/lib/env";
import { secretAad } from "@/lib/keys/secrets";
import {
  addMember,
  addSystemMember,
  createOrgWithOwner,
  createSystemRow,
  enrolTotp,
  freshTotpCode,
} from "./fixtures";
import { createKeyRow } from "./keys";
import { testRequest } from "./state";

// Support for tests/integration/authorization-matrix.test.ts: discovering every server action and
// route handler from the file system, the world the matrix runs in, and database snapshots.

export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");

/** Files named `fileName` under app/, as project-relative paths, sorted. */
export function findAppFiles(fileName: string): string[] {
  return walkFiles(["app"], (name) => name === fileName);
}

const USE_SERVER = /^\s*["']use server["'];?\s*$/m;

/**
 * Every module of the product (app/, components/, lib/) that holds a "use server" directive, at
 * the top or inside a function: the server actions, wherever they live. Project-relative, sorted.
 */
export function findServerActionFiles(): string[] {
  return walkFiles(["app", "components", "lib"], (name) => /\.tsx?$/.test(name)).filter((file) =>
    USE_SERVER.test(readFileSync(join(PROJECT_ROOT, file), "utf8")),
  );
}

function walkFiles(roots: string[], keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(path);
      } else if (keep(entry.name)) found.push(relative(PROJECT_ROOT, path));
    }
  };
  for (const root of roots) walk(join(PROJECT_ROOT, root));
  return found.sort();
}

type WrapperKind = "defineAction" | "defineUserAction" | "definePublicAction";
export type DeclaredAction = { file: string; exportName: string; wrapper: WrapperKind; name: string };

const DECLARATION =
  /^export const (\w+) = (defineAction|defineUserAction|definePublicAction)\(\{\s*name:\s*"([^"]+)"/gm;
const ANY_EXPORT = /^export\s+(?!type\s|interface\s)(.*)$/gm;

/**
 * Reads a "use server" module statically: every export must be `export const X = defineAction({ name: "…"`
 * (or the user/public wrappers). Returns the declarations and the export lines that are not one.
 */
export function parseActionsFile(file: string): { declared: DeclaredAction[]; stray: string[] } {
  const source = readFileSync(join(PROJECT_ROOT, file), "utf8");
  const declared = [...source.matchAll(DECLARATION)].map((m) => ({
    file,
    exportName: m[1]!,
    wrapper: m[2] as WrapperKind,
    name: m[3]!,
  }));
  const stray = [...source.matchAll(ANY_EXPORT)]
    .map((m) => m[0])
    .filter((line) => !declared.some((d) => line.startsWith(`export const ${d.exportName} = ${d.wrapper}(`)));
  return { declared, stray };
}

export function isRegistered(action: DeclaredAction): boolean {
  if (action.wrapper === "defineAction") return ACTION_DEFS.has(action.name);
  if (action.wrapper === "defineUserAction") return USER_ACTION_NAMES.has(action.name);
  return PUBLIC_ACTION_NAMES.has(action.name);
}

/** The permission an organization-scoped action asks for, given its input and resolved target. */
export function permissionOf(
  name: string,
  input: unknown,
  target: { organizationId: string; systemId: string | null },
): Permission {
  const def = ACTION_DEFS.get(name);
  if (!def) throw new Error(`${name} is not registered by defineAction`);
  return typeof def.permission === "function" ? def.permission(input, target) : def.permission;
}

export function stepUpOf(name: string): StepUpKind {
  return ACTION_DEFS.get(name)?.stepUp ?? "never";
}

// ---------------------------------------------------------------------------------------------
// The world: one organization with every role, a system whose admin and member are callers, and
// an admin of a second organization. Everyone who could manage keys has an authenticator.

export const CALLERS = [
  "signedOut",
  "member",
  "auditor",
  "systemAdmin",
  "admin",
  "owner",
  "foreignAdmin",
] as const;
export type Caller = (typeof CALLERS)[number];

type Person = { id: string; email: string; totp: string; session: string };

export type MatrixWorld = Awaited<ReturnType<typeof createMatrixWorld>>;

export async function createMatrixWorld() {
  const { org, owner } = await createOrgWithOwner("Acme");
  const foreign = await createOrgWithOwner("Globex");
  const system = await createSystemRow(org.id, "Payments");
  const people = {
    owner,
    admin: await addMember(org.id, "admin"),
    auditor: await addMember(org.id, "auditor"),
    member: await addMember(org.id, "member"),
    systemAdmin: await addMember(org.id, "member"),
    foreignAdmin: await addMember(foreign.org.id, "admin"),
  };
  await addSystemMember(org.id, system.id, people.systemAdmin.id, "admin");
  await addSystemMember(org.id, system.id, people.member.id, "member");
  await getDb().keyPolicy.update({ where: { organizationId: org.id }, data: { retrievableSecrets: true } });
  await getDb().permission.createMany({
    data: ["catalog:register", "nodes:add"].map((name) => ({ organizationId: org.id, name })),
  });
  const callers = {} as Record<Exclude<Caller, "signedOut">, Person>;
  for (const [role, user] of Object.entries(people) as [
    Exclude<Caller, "signedOut">,
    { id: string; email: string },
  ][]) {
    const session = await getDb().session.create({
      data: { userId: user.id, expiresAt: new Date(Date.now() + 24 * 3600_000) },
    });
    callers[role] = { id: user.id, email: user.email, totp: await enrolTotp(user), session: session.id };
  }
  let counter = 0;
  return {
    org,
    foreignOrg: foreign.org,
    system,
    callers,
    /** A unique suffix for names and labels. */
    next: () => `${Date.now().toString(36)}${(counter++).toString(36)}`,
  };
}

export function actAsCaller(w: MatrixWorld, caller: Caller): void {
  testRequest.sid = caller === "signedOut" ? null : w.callers[caller].session;
}

/** A code the caller's next step-up accepts ("000000" for nobody). */
export async function codeFor(w: MatrixWorld, caller: Caller): Promise<string> {
  if (caller === "signedOut") return "000000";
  const person = w.callers[caller];
  return freshTotpCode(person, person.totp);
}

/** A new system of the first organization in which the matrix's system admin and member hold their roles. */
export async function freshSystem(w: MatrixWorld) {
  const system = await createSystemRow(w.org.id, `System ${w.next()}`);
  await addSystemMember(w.org.id, system.id, w.callers.systemAdmin.id, "admin");
  await addSystemMember(w.org.id, system.id, w.callers.member.id, "member");
  return system;
}

export type KeyScope = "system key" | "organization key";

/** A key of the first organization: in the matrix system, or organization-wide. */
export async function freshKey(
  w: MatrixWorld,
  scope: KeyScope,
  options: { state?: "active" | "disabled" | "revoked"; retrievable?: boolean; credits?: number } = {},
) {
  const systemId = scope === "system key" ? w.system.id : null;
  const { key, secret } = await createKeyRow({
    organizationId: w.org.id,
    systemId,
    label: `key-${w.next()}`,
    state: options.state ?? "active",
  });
  if (options.retrievable) {
    await getDb().keySecret.updateMany({
      where: { keyId: key.id, slot: "primary" },
      data: { valueEnc: encryptString(secret, encryptionKey(), secretAad(key.id, "primary")) },
    });
  }
  if (options.credits !== undefined) {
    await getDb().apiKey.update({ where: { id: key.id }, data: { creditsRemaining: options.credits } });
  }
  return { key, systemId };
}

/** The roles a caller holds for a target of the first organization, read from the database. */
export async function rolesAt(
  w: MatrixWorld,
  caller: Caller,
  systemId: string | null,
): Promise<RoleSet | null> {
  if (caller === "signedOut") return null;
  const userId = w.callers[caller].id;
  const membership = await getDb().membership.findUnique({
    where: { organizationId_userId: { organizationId: w.org.id, userId } },
  });
  if (!membership || !isOrgRole(membership.role)) return null;
  const systemMember = systemId
    ? await getDb().systemMember.findUnique({ where: { systemId_userId: { systemId, userId } } })
    : null;
  return {
    orgRole: membership.role,
    systemRole: systemMember && isSystemRole(systemMember.role) ? systemMember.role : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Snapshots: every table's row count and a hash of its rows. The "authorization.denied" entries a
// refusal writes are left out (they are checked on their own); nothing else may change.

export type Snapshot = Record<string, { rows: number; hash: string }>;

/** The tables read whole; sessions and audit entries are read with their exceptions. */
const WHOLE_TABLES = [
  "user",
  "passwordToken",
  "rateLimit",
  "organization",
  "keyPolicy",
  "membership",
  "system",
  "systemMember",
  "permission",
  "apiKey",
  "keyPermission",
  "keySystemLimit",
  "keySecret",
  "keyUsage",
  "auditCheckpoint",
] as const;

export async function snapshotDatabase(): Promise<Snapshot> {
  const db = getDb();
  const tables: Record<string, () => Promise<unknown[]>> = {
    ...Object.fromEntries(
      WHOLE_TABLES.map((table) => [
        table,
        () => (db[table] as unknown as { findMany: () => Promise<unknown[]> }).findMany(),
      ]),
    ),
    // Using a session marks it as seen (lib/auth/session-rows.ts): that is not a change.
    session: () => db.session.findMany({ omit: { lastSeenAt: true } }),
    auditEntry: () => db.auditEntry.findMany({ where: { action: { not: "authorization.denied" } } }),
  };
  const snapshot: Snapshot = {};
  for (const [table, read] of Object.entries(tables)) {
    const rows = (await read()).map((row) => JSON.stringify(row)).sort();
    snapshot[table] = { rows: rows.length, hash: createHash("sha256").update(rows.join("\n")).digest("hex") };
  }
  return snapshot;
}

export async function deniedEntries(organizationId: string): Promise<number> {
  return getDb().auditEntry.count({ where: { organizationId, action: "authorization.denied" } });
}

export type Expected = "ok" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND";

/** A refusal: a stable code, a human message, no stack, file path or exception text. */
export function expectCleanRefusal(result: ActionResult<unknown>, code: Exclude<Expected, "ok">): void {
  expect(result).toMatchObject({ ok: false, code, message: expect.any(String) });
  if (result.ok) return;
  expect(Object.keys(result).filter((k) => !["ok", "code", "message", "fieldErrors"].includes(k))).toEqual(
    [],
  );
  expect(result.message.length).toBeGreaterThan(0);
  expect(result.message).not.toMatch(/\n\s*at |Error:|\.tsx?\b|node_modules|prisma/i);
}
