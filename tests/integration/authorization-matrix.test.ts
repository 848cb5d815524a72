import { join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_DEFS } from "@/lib/actions/define-action";
import { PUBLIC_ACTION_NAMES, USER_ACTION_NAMES } from "@/lib/actions/define-user-action";
import type { ActionResult } from "@/lib/actions/result";
import { can, type Permission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { HOUR_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import { addSecretRow } from "../support/keys";
import {
  addMember,
  addSystemMember,
  createInvitationRow,
  createUser,
  uniqueEmail,
} from "../support/fixtures";
import {
  actAsCaller,
  CALLERS,
  codeFor,
  createMatrixWorld,
  deniedEntries,
  expectCleanRefusal,
  findAppFiles,
  findServerActionFiles,
  freshKey,
  freshSystem,
  isRegistered,
  parseActionsFile,
  permissionOf,
  PROJECT_ROOT,
  rolesAt,
  snapshotDatabase,
  stepUpOf,
  type Caller,
  type DeclaredAction,
  type Expected,
  type KeyScope,
  type MatrixWorld,
} from "../support/authorization-matrix";
import { createKeyRow } from "../support/keys";
import { createWebhookRow } from "../support/webhooks";

// The authorization matrix. It DISCOVERS every server action (every "use server" module under
// app/, components/ and lib/, today lib/<domain>/actions.ts) and every
// route handler (app/**/route.ts) at test time, so a new action or route without an entry below
// fails this file. Each organization-scoped action is called by every kind of caller against a
// target in the first organization; what should succeed is derived from lib/auth/permissions.ts
// (can()), never copied by hand. Every refusal must be clean and must change nothing.

useTestDatabase();

type AnyAction = (input: unknown) => Promise<ActionResult<unknown>>;
type Built = { input: Record<string, unknown>; systemId: string | null };
type BuildArgs = { w: MatrixWorld; caller: Caller; variant: string; code: () => Promise<string> };
/**
 * `permission` pins which row of the permission table the action must ask for (reviewed here, so a
 * changed permission is a deliberate change to this file); who holds it comes from the table.
 */
type OrgFixture = {
  permission: Permission | ((variant: string) => Permission);
  variants?: readonly string[];
  build: (args: BuildArgs) => Promise<Built>;
};

const KEY_SCOPES: readonly KeyScope[] = ["system key", "organization key"];
const keyManage = (variant: string): Permission =>
  variant === "system key" ? "system-keys:manage" : "org-keys:manage";
let policyDays = 30;

/** The matrix organization's key policy answer to leaks (the report action's step-up depends on it). */
async function setLeakResponse(organizationId: string, leakResponse: "disable" | "revoke") {
  await getDb().keyPolicy.upsert({
    where: { organizationId },
    create: { organizationId, leakResponse },
    update: { leakResponse },
  });
}

/** A key action: a fresh key per call (in the matrix system, or organization-wide). */
function keyFixture(
  options: { state?: "active" | "disabled" | "revoked"; retrievable?: boolean; credits?: number },
  input: (
    key: { id: string; label: string; version: number },
    code: () => Promise<string>,
  ) => Promise<object> | object,
): OrgFixture {
  return {
    permission: keyManage,
    variants: KEY_SCOPES,
    async build({ w, variant, code }) {
      const { key, systemId } = await freshKey(w, variant as KeyScope, options);
      return { input: { keyId: key.id, ...(await input(key, code)) }, systemId };
    },
  };
}

async function memberOfSystem(w: MatrixWorld) {
  const person = await addMember(w.org.id, "member");
  await addSystemMember(w.org.id, w.system.id, person.id, "member");
  return person;
}

/** Organization-scoped actions (defineAction), keyed by export name: how to build a valid input. */
const ORG_ACTIONS: Record<string, OrgFixture> = {
  // systems
  createSystemAction: {
    permission: "systems:create",
    build: async ({ w }) => ({
      input: { organizationId: w.org.id, name: `System ${w.next()}`, description: "" },
      systemId: null,
    }),
  },
  updateSystemAction: {
    permission: "system:update",
    async build({ w }) {
      const system = await freshSystem(w);
      return {
        input: { systemId: system.id, name: `Renamed ${w.next()}`, description: "changed" },
        systemId: system.id,
      };
    },
  },
  deleteSystemAction: {
    permission: "system:delete",
    async build({ w }) {
      const system = await freshSystem(w);
      return { input: { systemId: system.id, confirmName: system.name }, systemId: system.id };
    },
  },
  // keys
  createKeyAction: {
    permission: keyManage,
    variants: KEY_SCOPES,
    build: async ({ w, variant }) => {
      const systemId = variant === "system key" ? w.system.id : null;
      return { input: { organizationId: w.org.id, systemId, label: `key-${w.next()}` }, systemId };
    },
  },
  updateKeyAction: keyFixture({}, (key) => ({ expectedVersion: key.version, label: `${key.label}-renamed` })),
  topUpCreditsAction: keyFixture({ credits: 10 }, () => ({ amount: "5" })),
  disableKeyAction: keyFixture({}, (key) => ({ expectedVersion: key.version })),
  enableKeyAction: keyFixture({ state: "disabled" }, (key) => ({ expectedVersion: key.version })),
  rollKeyAction: keyFixture({}, async (key, code) => ({
    expectedVersion: key.version,
    grace: "now",
    totpCode: await code(),
  })),
  regenerateSecretAction: keyFixture({}, async (key, code) => ({
    slot: "primary",
    confirmLabel: key.label,
    totpCode: await code(),
  })),
  revokeKeyAction: keyFixture({}, async (key, code) => ({ confirmLabel: key.label, totpCode: await code() })),
  deleteKeyAction: keyFixture({ state: "revoked" }, async (_key, code) => ({ totpCode: await code() })),
  bulkKeysAction: {
    permission: keyManage,
    variants: KEY_SCOPES,
    async build({ w, variant }) {
      const { key, systemId } = await freshKey(w, variant as KeyScope, {});
      return {
        input: { organizationId: w.org.id, systemId, action: "disable", keyIds: [key.id] },
        systemId,
      };
    },
  },
  viewSecretAction: keyFixture({ retrievable: true }, async (_key, code) => ({
    slot: "primary",
    totpCode: await code(),
  })),
  endGraceAction: {
    permission: keyManage,
    variants: KEY_SCOPES,
    async build({ w, variant, code }) {
      const { key, systemId } = await freshKey(w, variant as KeyScope);
      const rolled = { slot: "rolled", graceEndsAt: new Date(Date.now() + HOUR_MS) } as const;
      await addSecretRow({ id: key.id, organizationId: w.org.id }, rolled);
      return { input: { keyId: key.id, totpCode: await code() }, systemId };
    },
  },
  keyImpactAction: {
    permission: (variant) => (variant === "system key" ? "system-keys:read" : "org-keys:read"),
    variants: KEY_SCOPES,
    async build({ w, variant }) {
      const { key, systemId } = await freshKey(w, variant as KeyScope);
      return { input: { keyId: key.id }, systemId };
    },
  },
  // settings
  updateKeyPolicyAction: {
    permission: "policy:update",
    build: async ({ w, code }) => ({
      input: {
        organizationId: w.org.id,
        defaultLifetimeDays: String((policyDays = policyDays >= 700 ? 30 : policyDays + 1)),
        minLifetimeDays: "1",
        maxLifetimeDays: "730",
        allowCustomSecrets: false,
        retrievableSecrets: true,
        totpCode: await code(),
      },
      systemId: null,
    }),
  },
  setTwoFactorRequirementAction: {
    permission: "org:update",
    build: async ({ w, code }) => ({
      // Always off: a requirement left on would send the matrix's own callers to enrolment.
      input: { organizationId: w.org.id, requireTwoFactor: false, totpCode: await code() },
      systemId: null,
    }),
  },
  setSsoSettingsAction: {
    permission: "org:update",
    build: async ({ w, code }) => ({
      // Passwords stay on, and no mapping: the matrix's callers sign in as before.
      input: {
        organizationId: w.org.id,
        claim: `matrix${w.next()}`,
        mappings: "",
        requireSso: false,
        totpCode: await code(),
      },
      systemId: null,
    }),
  },
  addPermissionAction: {
    permission: "catalog:manage",
    build: async ({ w }) => ({
      input: { organizationId: w.org.id, name: `matrix:p${w.next()}` },
      systemId: null,
    }),
  },
  updatePermissionDescriptionAction: {
    permission: "catalog:manage",
    async build({ w }) {
      const p = await getDb().permission.create({
        data: { organizationId: w.org.id, name: `matrix:u${w.next()}` },
      });
      return {
        input: { organizationId: w.org.id, permissionId: p.id, description: "changed" },
        systemId: null,
      };
    },
  },
  removePermissionAction: {
    permission: "catalog:manage",
    async build({ w }) {
      const p = await getDb().permission.create({
        data: { organizationId: w.org.id, name: `matrix:r${w.next()}` },
      });
      return { input: { organizationId: w.org.id, permissionId: p.id }, systemId: null };
    },
  },
  reportLeakAction: {
    permission: "org-keys:manage",
    build: async ({ w }) => {
      await setLeakResponse(w.org.id, "disable");
      const { secret } = await createKeyRow({ organizationId: w.org.id, label: `leaky-${w.next()}` });
      return { input: { organizationId: w.org.id, text: `leaked: ${secret}` }, systemId: null };
    },
  },
  // audit
  checkAuditChainAction: {
    permission: "audit:read",
    build: async ({ w }) => ({ input: { organizationId: w.org.id }, systemId: null }),
  },
  createCheckpointAction: {
    permission: "audit:checkpoint",
    build: async ({ w }) => ({ input: { organizationId: w.org.id }, systemId: null }),
  },
  // webhooks
  createWebhookAction: {
    permission: "webhooks:manage",
    build: async ({ w }) => ({
      // A public address literal: accepted without DNS and without KEYPLANE_WEBHOOK_ALLOW_PRIVATE.
      input: {
        organizationId: w.org.id,
        url: `https://93.184.215.14/hook/${w.next()}`,
        events: ["key.created"],
      },
      systemId: null,
    }),
  },
  deleteWebhookAction: {
    permission: "webhooks:manage",
    build: async ({ w }) => {
      const { webhook } = await createWebhookRow(w.org.id);
      return { input: { organizationId: w.org.id, webhookId: webhook.id }, systemId: null };
    },
  },
  sendTestWebhookAction: {
    permission: "webhooks:manage",
    build: async ({ w }) => {
      const { webhook } = await createWebhookRow(w.org.id);
      return { input: { organizationId: w.org.id, webhookId: webhook.id }, systemId: null };
    },
  },
  resendWebhookDeliveryAction: {
    permission: "webhooks:manage",
    build: async ({ w }) => {
      const { delivery } = await createWebhookRow(w.org.id);
      return { input: { organizationId: w.org.id, deliveryId: delivery.id }, systemId: null };
    },
  },
  // organization members
  addMemberAction: {
    permission: "members:manage",
    build: async ({ w }) => ({
      input: { organizationId: w.org.id, email: uniqueEmail("matrix"), role: "member" },
      systemId: null,
    }),
  },
  changeMemberRoleAction: {
    permission: "members:manage",
    async build({ w, code }) {
      const person = await addMember(w.org.id, "member");
      return {
        input: { organizationId: w.org.id, userId: person.id, role: "admin", totpCode: await code() },
        systemId: null,
      };
    },
  },
  removeMemberAction: {
    permission: "members:manage",
    async build({ w }) {
      const person = await addMember(w.org.id, "auditor");
      return { input: { organizationId: w.org.id, userId: person.id }, systemId: null };
    },
  },
  unlockTwoFactorAction: {
    permission: "members:manage",
    async build({ w, code }) {
      const person = await addMember(w.org.id, "admin");
      return {
        input: { organizationId: w.org.id, userId: person.id, totpCode: await code() },
        systemId: null,
      };
    },
  },
  revokeInvitationAction: {
    permission: "members:manage",
    build: async ({ w }) => ({
      input: { organizationId: w.org.id, invitationId: (await createInvitationRow(w.org.id)).id },
      systemId: null,
    }),
  },
  reissueInvitationAction: {
    permission: "members:manage",
    build: async ({ w }) => ({
      input: { organizationId: w.org.id, invitationId: (await createInvitationRow(w.org.id)).id },
      systemId: null,
    }),
  },
  reissueSetPasswordLinkAction: {
    permission: "members:manage",
    async build({ w }) {
      const pending = await createUser();
      await getDb().membership.create({
        data: { organizationId: w.org.id, userId: pending.id, role: "member" },
      });
      return { input: { organizationId: w.org.id, userId: pending.id }, systemId: null };
    },
  },
  // system members
  addSystemMemberAction: {
    permission: "system-members:manage",
    async build({ w }) {
      const person = await addMember(w.org.id, "member");
      return { input: { systemId: w.system.id, userId: person.id, role: "member" }, systemId: w.system.id };
    },
  },
  changeSystemMemberRoleAction: {
    permission: "system-members:manage",
    async build({ w, code }) {
      const person = await memberOfSystem(w);
      return {
        input: { systemId: w.system.id, userId: person.id, role: "admin", totpCode: await code() },
        systemId: w.system.id,
      };
    },
  },
  removeSystemMemberAction: {
    permission: "system-members:manage",
    async build({ w }) {
      const person = await memberOfSystem(w);
      return { input: { systemId: w.system.id, userId: person.id }, systemId: w.system.id };
    },
  },
};

/**
 * The step-up cells (README, "Security model", "One factor, every path"): for every action that
 * asks for an authenticator code, an input that NEEDS the code (a widening one for the actions
 * that ask only when needed). Every caller the permission table allows is run twice: without a
 * code (refused, asking for the code, nothing changed) and with a fresh code (done). The
 * permission row is the one ORG_ACTIONS pins; refusals by role are the main matrix's cells.
 */
const STEP_UP_FIXTURES: Record<string, Omit<OrgFixture, "permission">> = {
  createKeyAction: {
    build: async ({ w, code }) => ({
      input: {
        organizationId: w.org.id,
        label: `manager-${w.next()}`,
        permissions: ["keys:manage"],
        totpCode: await code(),
      },
      systemId: null,
    }),
  },
  updateKeyAction: {
    variants: KEY_SCOPES,
    async build({ w, variant, code }) {
      const { key, systemId } = await freshKey(w, variant as KeyScope);
      const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
      return {
        input: {
          keyId: key.id,
          expectedVersion: row.version,
          permissions: ["nodes:add"],
          totpCode: await code(),
        },
        systemId,
      };
    },
  },
  bulkKeysAction: {
    variants: KEY_SCOPES,
    async build({ w, variant, code }) {
      const { key, systemId } = await freshKey(w, variant as KeyScope);
      return {
        input: {
          organizationId: w.org.id,
          systemId,
          action: "revoke",
          keyIds: [key.id],
          confirm: "revoke 1 key",
          totpCode: await code(),
        },
        systemId,
      };
    },
  },
  addMemberAction: {
    build: async ({ w, code }) => ({
      input: { organizationId: w.org.id, email: uniqueEmail("admin"), role: "admin", totpCode: await code() },
      systemId: null,
    }),
  },
  changeMemberRoleAction: ORG_ACTIONS.changeMemberRoleAction!,
  unlockTwoFactorAction: ORG_ACTIONS.unlockTwoFactorAction!,
  reissueInvitationAction: {
    build: async ({ w, code }) => ({
      input: {
        organizationId: w.org.id,
        invitationId: (await createInvitationRow(w.org.id, "admin")).id,
        totpCode: await code(),
      },
      systemId: null,
    }),
  },
  reissueSetPasswordLinkAction: {
    async build({ w, code }) {
      const pending = await createUser();
      await getDb().membership.create({
        data: { organizationId: w.org.id, userId: pending.id, role: "owner" },
      });
      return {
        input: { organizationId: w.org.id, userId: pending.id, totpCode: await code() },
        systemId: null,
      };
    },
  },
  addSystemMemberAction: {
    async build({ w, code }) {
      const person = await addMember(w.org.id, "member");
      return {
        input: { systemId: w.system.id, userId: person.id, role: "admin", totpCode: await code() },
        systemId: w.system.id,
      };
    },
  },
  changeSystemMemberRoleAction: ORG_ACTIONS.changeSystemMemberRoleAction!,
  updateKeyPolicyAction: ORG_ACTIONS.updateKeyPolicyAction!,
  setTwoFactorRequirementAction: ORG_ACTIONS.setTwoFactorRequirementAction!,
  setSsoSettingsAction: ORG_ACTIONS.setSsoSettingsAction!,
  // When the key policy revokes leaked keys, reporting one asks for the code (a revoke).
  reportLeakAction: {
    build: async ({ w, code }) => {
      await setLeakResponse(w.org.id, "revoke");
      const { secret } = await createKeyRow({ organizationId: w.org.id, label: `leaky-${w.next()}` });
      return { input: { organizationId: w.org.id, text: secret, totpCode: await code() }, systemId: null };
    },
  },
  rollKeyAction: ORG_ACTIONS.rollKeyAction!,
  regenerateSecretAction: ORG_ACTIONS.regenerateSecretAction!,
  revokeKeyAction: ORG_ACTIONS.revokeKeyAction!,
  deleteKeyAction: ORG_ACTIONS.deleteKeyAction!,
  viewSecretAction: ORG_ACTIONS.viewSecretAction!,
  endGraceAction: ORG_ACTIONS.endGraceAction!,
};

/** Account-scoped actions (defineUserAction): a valid input; signed out, each must be refused. */
const USER_ACTIONS: Record<string, (w: MatrixWorld) => object> = {
  signOutAction: () => ({}),
  createOrganizationAction: (w) => ({ name: `Org ${w.next()}` }),
  beginTotpEnrolmentAction: () => ({}),
  findKeyAction: () => ({ query: "kp_not-a-real-secret" }),
  confirmTotpEnrolmentAction: () => ({ code: "123456" }),
  removeTotpAction: () => ({ code: "123456" }),
  regenerateRecoveryCodesAction: () => ({ totpCode: "123456" }),
  answerInvitationAction: () => ({ invitationId: "cinvitation", accept: true }),
  beginPasskeyRegistrationAction: () => ({}),
  finishPasskeyRegistrationAction: () => ({
    name: "Laptop",
    response: {
      id: "AAAA",
      rawId: "AAAA",
      type: "public-key",
      response: { clientDataJSON: "AAAA", attestationObject: "AAAA" },
      clientExtensionResults: {},
    },
  }),
  removePasskeyAction: () => ({ passkeyId: "cpasskey", totpCode: "123456" }),
  passkeyStepUpOptionsAction: () => ({}),
  changePasswordAction: () => ({
    currentPassword: "whatever it is",
    newPassword: "a brand new passphrase",
    confirmPassword: "a brand new passphrase",
  }),
};

/** Public actions (definePublicAction): why they need no session, and a probe that must change nothing. */
const PUBLIC_ACTIONS: Record<string, { why: string; probe?: { input: object; code: string } }> = {
  setupAction: {
    why: "first-run set-up; refused for good once any account exists",
    probe: {
      input: {
        name: "Mallory",
        email: "mallory@example.test",
        password: "a long enough password",
        confirmPassword: "a long enough password",
        organizationName: "Takeover",
      },
      code: "CONFLICT",
    },
  },
  signInAction: {
    why: "the password (and, with an authenticator or a passkey, its code or answer) is the credential (Auth.js; e2e/)",
  },
  passkeySignInOptionsAction: {
    why: "a sign-in challenge names no account; it is single-use, expires in 5 minutes and proves nothing alone",
  },
  acceptInvitationAction: {
    why: "the one-time invitation token is the credential (only for an email without an account)",
    probe: {
      input: {
        token: "A".repeat(43),
        name: "Mallory",
        password: "a long enough password",
        confirmPassword: "a long enough password",
      },
      code: "NOT_FOUND",
    },
  },
  setPasswordAction: {
    why: "the one-time set-password token is the credential",
    probe: {
      input: {
        token: "A".repeat(43),
        password: "a long enough password",
        confirmPassword: "a long enough password",
      },
      code: "NOT_FOUND",
    },
  },
};

/**
 * Route handlers. Console routes (session-authenticated) get the caller matrix, with the expected
 * answer derived from their permission; routes under app/api/v1 (the REST API, authenticated by
 * organization keys) get the generic probe below unless listed here; every other route is listed.
 */
type RouteEntry =
  | {
      kind: "console";
      permission: Permission;
      method: "GET";
      url: (w: MatrixWorld) => string;
      params: (w: MatrixWorld) => object;
    }
  | { kind: "e2e"; coveredBy: string; mustMention: string }
  | { kind: "public"; why: string; methods: readonly string[] };

const ROUTES: Record<string, RouteEntry> = {
  // Auth.js's own endpoints; lib/auth/auth.ts is replaced by a mock in integration tests, so they are
  // checked against the running server: signed out they give no session, and a forged or cross-site
  // sign-in is refused.
  "app/api/auth/[...nextauth]/route.ts": {
    kind: "e2e",
    coveredBy: "e2e/hardening.spec.ts",
    mustMention: "/api/auth/",
  },
  "app/api/v1/openapi.json/route.ts": {
    kind: "public",
    why: "the OpenAPI description of the REST API: documentation, no data",
    methods: ["GET"],
  },
  "app/(console)/orgs/[orgSlug]/audit/export/route.ts": {
    kind: "console",
    permission: "audit:export",
    method: "GET",
    url: (w) => `http://127.0.0.1/orgs/${w.org.slug}/audit/export?format=csv`,
    params: (w) => ({ orgSlug: w.org.slug }),
  },
};

/** The URL path of a route file, with a probe value in each dynamic segment. */
function routePath(file: string): string {
  return file
    .replace(/^app/, "")
    .replace(/\/\([^)]*\)/g, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[\.{0,3}(\w+)\]/g, "probe-$1");
}

// ---------------------------------------------------------------------------------------------
// Discovery, at collection time.

const ACTION_FILES = findServerActionFiles();
const ROUTE_FILES = findAppFiles("route.ts");
const modules = new Map<string, Record<string, unknown>>();
for (const file of ACTION_FILES) modules.set(file, await import(/* @vite-ignore */ join(PROJECT_ROOT, file)));
const parsed = ACTION_FILES.map((file) => ({ file, ...parseActionsFile(file) }));
const declared: DeclaredAction[] = parsed.flatMap((p) => p.declared);
const byWrapper = (wrapper: DeclaredAction["wrapper"]) => declared.filter((d) => d.wrapper === wrapper);

function actionOf(d: DeclaredAction): AnyAction {
  const fn = modules.get(d.file)?.[d.exportName];
  if (typeof fn !== "function") throw new Error(`${d.file} does not export ${d.exportName}`);
  return fn as AnyAction;
}

type Cell = { label: string; decl: DeclaredAction; variant: string; caller: Caller };
const cells: Cell[] = byWrapper("defineAction").flatMap((decl) => {
  const fixture = ORG_ACTIONS[decl.exportName];
  if (!fixture) return [];
  return (fixture.variants ?? ["default"]).flatMap((variant) =>
    CALLERS.map((caller) => ({
      label: `${decl.name}${variant === "default" ? "" : ` (${variant})`} as ${caller}`,
      decl,
      variant,
      caller,
    })),
  );
});

type StepUpCell = Cell & { withCode: boolean };
const stepUpCells: StepUpCell[] = byWrapper("defineAction").flatMap((decl) => {
  const fixture = STEP_UP_FIXTURES[decl.exportName];
  if (!fixture) return [];
  return (fixture.variants ?? ["default"]).flatMap((variant) =>
    CALLERS.flatMap((caller) =>
      [false, true].map((withCode) => ({
        label: `${decl.name}${variant === "default" ? "" : ` (${variant})`} as ${caller}, ${withCode ? "with" : "without"} a code`,
        decl,
        variant,
        caller,
        withCode,
      })),
    ),
  );
});

const tally = { ok: 0, refused: 0, byCode: {} as Record<string, number>, rows: new Set<string>() };

// ---------------------------------------------------------------------------------------------

describe("every server action goes through the wrapper (guard)", () => {
  it("finds the action modules", () => {
    expect(ACTION_FILES.length).toBeGreaterThan(0);
    expect(declared.length).toBeGreaterThan(0);
  });

  it.each(parsed.map((p) => [p.file, p] as const))("%s exports only wrapped actions", (_file, p) => {
    // Statically: every export line is `export const X = defineAction({ name: "…"` (or user/public).
    expect(p.stray).toEqual([]);
    // At run time: the module exports exactly those, each a function registered under its name.
    const mod = modules.get(p.file) ?? {};
    expect(Object.keys(mod).sort()).toEqual(p.declared.map((d) => d.exportName).sort());
    for (const d of p.declared) {
      expect(typeof mod[d.exportName], d.exportName).toBe("function");
      expect(isRegistered(d), `${d.exportName} registered as ${d.name} by ${d.wrapper}`).toBe(true);
    }
  });

  it("gives every action a unique name and an export name unique across modules", () => {
    expect(new Set(declared.map((d) => d.name)).size).toBe(declared.length);
    expect(new Set(declared.map((d) => d.exportName)).size).toBe(declared.length);
  });

  it('knows every registered action from a "use server" module', () => {
    const names = new Set(declared.map((d) => d.name));
    const registered = [...ACTION_DEFS.keys(), ...USER_ACTION_NAMES, ...PUBLIC_ACTION_NAMES];
    expect(registered.filter((name) => !names.has(name))).toEqual([]);
  });

  it("has a step-up cell for every action that asks for an authenticator code, and none for others", () => {
    const asking = byWrapper("defineAction").filter((d) => stepUpOf(d.name) !== "never");
    expect(asking.filter((d) => !STEP_UP_FIXTURES[d.exportName]).map((d) => d.exportName)).toEqual([]);
    const stale = Object.keys(STEP_UP_FIXTURES).filter((n) => !asking.some((d) => d.exportName === n));
    expect(stale).toEqual([]);
  });

  it("has a matrix entry for every action, and no entry for an action that does not exist", () => {
    const missing = [
      ...byWrapper("defineAction").filter((d) => !ORG_ACTIONS[d.exportName]),
      ...byWrapper("defineUserAction").filter((d) => !USER_ACTIONS[d.exportName]),
      ...byWrapper("definePublicAction").filter((d) => !PUBLIC_ACTIONS[d.exportName]),
    ].map((d) => `${d.file}: ${d.exportName} (${d.wrapper})`);
    expect(missing).toEqual([]);
    const exportNames = (w: DeclaredAction["wrapper"]) => new Set(byWrapper(w).map((d) => d.exportName));
    const stale = [
      ...Object.keys(ORG_ACTIONS).filter((n) => !exportNames("defineAction").has(n)),
      ...Object.keys(USER_ACTIONS).filter((n) => !exportNames("defineUserAction").has(n)),
      ...Object.keys(PUBLIC_ACTIONS).filter((n) => !exportNames("definePublicAction").has(n)),
    ];
    expect(stale).toEqual([]);
  });
});

describe("authorization matrix", () => {
  let w: MatrixWorld;

  beforeAll(async () => {
    w = await createMatrixWorld();
  });

  afterAll(() => {
    const total = tally.ok + tally.refused;
    console.log(
      `[authorization matrix] ${byWrapper("defineAction").length} organization actions, ${tally.rows.size} rows ` +
        `(with key-scope variants) × ${CALLERS.length} callers = ${total} calls: ${tally.ok} allowed, ` +
        `${tally.refused} refused (${JSON.stringify(tally.byCode)}), each refusal checked clean and changing nothing.`,
    );
  });

  it.each(cells)("$label", async ({ decl, variant, caller }) => {
    const fixture = ORG_ACTIONS[decl.exportName];
    if (!fixture) throw new Error(`no fixture for ${decl.exportName}`);
    const built = await fixture.build({ w, caller, variant, code: () => codeFor(w, caller) });
    const target = { organizationId: w.org.id, systemId: built.systemId };
    const permission = permissionOf(decl.name, built.input, target);
    expect(permission).toBe(
      typeof fixture.permission === "function" ? fixture.permission(variant) : fixture.permission,
    );
    const roles = await rolesAt(w, caller, built.systemId);
    const expected: Expected =
      caller === "signedOut"
        ? "UNAUTHENTICATED"
        : !roles
          ? "NOT_FOUND"
          : can(roles, permission)
            ? "ok"
            : "FORBIDDEN";
    tally.rows.add(`${decl.name}/${variant}`);

    actAsCaller(w, caller);
    const before = await snapshotDatabase();
    const deniedBefore = await deniedEntries(w.org.id);
    const result = await actionOf(decl)(built.input);

    if (expected === "ok") {
      expect(
        result,
        `${permission} (step-up: ${stepUpOf(decl.name)}): ${JSON.stringify(result)}`,
      ).toMatchObject({
        ok: true,
      });
      tally.ok++;
      return;
    }
    expectCleanRefusal(result, expected);
    expect(await snapshotDatabase()).toEqual(before);
    // A member refused by their role is audited in the target's organization; strangers leave no trace there.
    expect(await deniedEntries(w.org.id)).toBe(deniedBefore + (expected === "FORBIDDEN" ? 1 : 0));
    tally.refused++;
    tally.byCode[expected] = (tally.byCode[expected] ?? 0) + 1;
  });

  it.each(byWrapper("defineUserAction").map((d) => [d.name, d] as const))(
    "account action %s refuses signed-out callers, changing nothing",
    async (_name, decl) => {
      const input = USER_ACTIONS[decl.exportName]?.(w) ?? {};
      actAsCaller(w, "signedOut");
      const before = await snapshotDatabase();
      expectCleanRefusal(await actionOf(decl)(input), "UNAUTHENTICATED");
      expect(await snapshotDatabase()).toEqual(before);
    },
  );

  it.each(byWrapper("definePublicAction").map((d) => [d.name, d] as const))(
    "public action %s is public on purpose and its probe changes nothing",
    async (_name, decl) => {
      const entry = PUBLIC_ACTIONS[decl.exportName];
      expect(entry?.why).toBeTruthy();
      if (!entry?.probe) return;
      actAsCaller(w, "signedOut");
      const before = await snapshotDatabase();
      expect(await actionOf(decl)(entry.probe.input)).toMatchObject({ ok: false, code: entry.probe.code });
      expect(await snapshotDatabase()).toEqual(before);
    },
  );
});

describe("step-up matrix: a session alone never widens a credential", () => {
  let w: MatrixWorld;
  const counts = { cells: 0, refusedWithoutCode: 0, doneWithCode: 0 };

  beforeAll(async () => {
    w = await createMatrixWorld();
  });

  afterAll(() => {
    console.log(
      `[step-up matrix] ${Object.keys(STEP_UP_FIXTURES).length} actions, ${counts.cells} cells run by allowed callers: ` +
        `${counts.refusedWithoutCode} refused without a code (nothing changed), ${counts.doneWithCode} done with one.`,
    );
  });

  it.each(stepUpCells)("$label", async ({ decl, variant, caller, withCode }) => {
    const fixture = STEP_UP_FIXTURES[decl.exportName];
    if (!fixture) throw new Error(`no step-up fixture for ${decl.exportName}`);
    const code = async () => (withCode ? codeFor(w, caller) : "");
    const built = await fixture.build({ w, caller, variant, code });
    const target = { organizationId: w.org.id, systemId: built.systemId };
    const roles = await rolesAt(w, caller, built.systemId);
    // Who is refused by role is the main matrix's business; here only allowed callers count.
    if (caller === "signedOut" || !roles || !can(roles, permissionOf(decl.name, built.input, target))) return;
    counts.cells++;
    actAsCaller(w, caller);
    const before = await snapshotDatabase();
    const result = await actionOf(decl)(built.input);
    if (withCode) {
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
      counts.doneWithCode++;
      return;
    }
    // Without a code: asked for it (a blank required code fails the schema on that field).
    expect(result).toMatchObject({ ok: false, fieldErrors: { totpCode: expect.any(String) } });
    if (!result.ok) expect(["STEP_UP_REQUIRED", "VALIDATION_FAILED"]).toContain(result.code);
    expect(await snapshotDatabase()).toEqual(before);
    counts.refusedWithoutCode++;
  });
});

describe("route handlers", () => {
  let w: MatrixWorld;
  const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

  beforeAll(async () => {
    w = await createMatrixWorld();
  });

  it("finds the route handlers", () => {
    expect(ROUTE_FILES).toContain("app/api/auth/[...nextauth]/route.ts");
  });

  it("lists every route that is not part of the REST API", () => {
    expect(ROUTE_FILES.filter((f) => !f.startsWith("app/api/v1/") && !ROUTES[f])).toEqual([]);
    expect(Object.keys(ROUTES).filter((f) => !ROUTE_FILES.includes(f))).toEqual([]);
  });

  it.each(Object.entries(ROUTES).filter(([, e]) => e.kind === "e2e"))(
    "%s is covered end to end",
    (_file, entry) => {
      if (entry.kind !== "e2e") return;
      const spec = join(PROJECT_ROOT, entry.coveredBy);
      expect(existsSync(spec), `${entry.coveredBy} exists`).toBe(true);
      expect(readFileSync(spec, "utf8")).toContain(entry.mustMention);
    },
  );

  it.each(Object.entries(ROUTES).filter(([, e]) => e.kind === "public"))(
    "%s is public on purpose, answers only its methods and changes nothing",
    async (file, entry) => {
      if (entry.kind !== "public") return;
      const mod: Record<string, unknown> = await import(/* @vite-ignore */ join(PROJECT_ROOT, file));
      expect(METHODS.filter((m) => typeof mod[m] === "function")).toEqual([...entry.methods]);
      actAsCaller(w, "signedOut");
      const before = await snapshotDatabase();
      for (const method of entry.methods) {
        const handler = mod[method] as (request: NextRequest) => Promise<Response>;
        const response = await handler(new NextRequest(`http://127.0.0.1${routePath(file)}`, { method }));
        expect(response.status).toBe(200);
      }
      expect(await snapshotDatabase()).toEqual(before);
    },
  );

  const consoleCells = Object.entries(ROUTES).flatMap(([file, entry]) =>
    entry.kind === "console" && ROUTE_FILES.includes(file)
      ? CALLERS.map((caller) => ({ label: `${entry.method} ${file} as ${caller}`, file, entry, caller }))
      : [],
  );

  it.each(consoleCells)("$label", async ({ file, entry, caller }) => {
    if (entry.kind !== "console") return;
    const mod: Record<string, unknown> = await import(/* @vite-ignore */ join(PROJECT_ROOT, file));
    const handler = mod[entry.method] as (
      request: NextRequest,
      context: { params: Promise<object> },
    ) => Promise<Response>;
    const roles = await rolesAt(w, caller, null);
    const expected = caller === "signedOut" ? 401 : !roles ? 404 : can(roles, entry.permission) ? 200 : 403;
    actAsCaller(w, caller);
    const before = await snapshotDatabase();
    const deniedBefore = await deniedEntries(w.org.id);
    const response = await handler(new NextRequest(entry.url(w), { method: entry.method }), {
      params: Promise.resolve(entry.params(w)),
    });
    const body = await response.text();
    expect(response.status, body.slice(0, 200)).toBe(expected);
    if (expected === 200) return;
    expect(JSON.parse(body)).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
    expect(body).not.toMatch(/\n\s*at |node_modules|Error:/);
    expect(await snapshotDatabase()).toEqual(before);
    expect(await deniedEntries(w.org.id)).toBe(deniedBefore + (expected === 403 ? 1 : 0));
  });

  // The REST API is authenticated by organization keys: without one, even a signed-in console
  // session gets 401/403, a JSON error without a stack, and nothing changes.
  it.each(ROUTE_FILES.filter((f) => f.startsWith("app/api/v1/") && !ROUTES[f]).map((f) => [f] as const))(
    "%s refuses callers without an organization key",
    async (file) => {
      const mod: Record<string, unknown> = await import(/* @vite-ignore */ join(PROJECT_ROOT, file));
      const urlPath = routePath(file);
      const params = Object.fromEntries(
        [...file.matchAll(/\[\.{0,3}(\w+)\]/g)].map((m) => [m[1], `probe-${m[1]}`]),
      );
      for (const caller of ["signedOut", "owner"] as const) {
        for (const method of METHODS) {
          const handler = mod[method];
          if (typeof handler !== "function") continue;
          actAsCaller(w, caller);
          const before = await snapshotDatabase();
          const request = new Request(`http://127.0.0.1${urlPath}`, {
            method,
            headers: { "content-type": "application/json", [CLIENT_ADDRESS_HEADER]: "203.0.113.9" },
            ...(method === "GET" || method === "DELETE" ? {} : { body: "{}" }),
          });
          const response = (await handler(request, { params: Promise.resolve(params) })) as Response;
          expect([401, 403], `${method} ${urlPath} as ${caller}`).toContain(response.status);
          expect(await response.text()).not.toMatch(/\n\s*at |node_modules/);
          expect(await snapshotDatabase()).toEqual(before);
        }
      }
    },
  );
});
