// `npm run db:seed [-- --email <address>] [--password <password>]`: a demo organization, “Acme
// Robotics”, in the database DATABASE_URL names (default data/keyplane.db; pending migrations are
// applied first): an owner, systems, a permission catalog and a dozen keys in every state, for
// screenshots and trying the console. Everything is made by the console's own cores in one
// transaction, with the operator as actor (as `keyplane admin bootstrap` does), so the audit log
// tells how the demo came to be and its chain verifies. The owner's password is generated and
// printed once unless --password gives one; an existing account named by --email becomes the owner
// with its password unchanged. A second run finds the organization and changes nothing.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { operatorActor } from "@/cli/admin/bootstrap";
import { hashPassword } from "@/lib/auth/password";
import { newPasswordSchema } from "@/lib/auth/password-schemas";
import { emailSchema } from "@/lib/auth/schemas";
import type { Ctx } from "@/lib/context";
import { getDb, type Tx } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { transact } from "@/lib/db/transaction";
import { databaseUrl } from "@/lib/env";
import { DAY_MS } from "@/lib/time";
import { createKey } from "@/lib/keys/create";
import { revokeKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import { createKeySchema, updateKeySchema } from "@/lib/keys/schemas";
import { disableKey } from "@/lib/keys/set-state";
import { updateKey } from "@/lib/keys/update";
import { addPermission } from "@/lib/orgs/catalog";
import { createOrganization } from "@/lib/orgs/organizations";
import { createSystem } from "@/lib/systems/systems";

const USAGE = "Usage: npm run db:seed [-- --email <address>] [--password <password>]";
const ORGANIZATION = { name: "Acme Robotics", slug: "acme-robotics" };
const DEFAULT_OWNER = { email: "owner@acme-robotics.example", name: "Robin Acme" };

const SYSTEMS = {
  telemetry: { name: "Fleet Telemetry", description: "Position, battery and fault reports from the robots." },
  robots: { name: "Warehouse Robots", description: "Commands and status for the picking fleet." },
  vision: { name: "Vision Pipeline", description: "Camera ingestion and object detection." },
  billing: { name: "Billing", description: "Usage export for invoicing." },
} as const;
type SystemName = keyof typeof SYSTEMS;

const PERMISSIONS: [string, string][] = [
  ["telemetry:write", "Send telemetry."],
  ["telemetry:read", "Read telemetry and dashboards."],
  ["robots:command", "Send commands to robots."],
  ["robots:status", "Read robot status."],
  ["firmware:publish", "Publish firmware images."],
  ["vision:ingest", "Upload camera frames."],
  ["billing:read", "Read usage for invoices."],
];

/** What happens to a key after it is made; "expired" is the one change no core can make (see below). */
type Then = "disable" | "revoke" | "roll" | "edit" | "expired";

type DemoKey = {
  label: string;
  description: string;
  system?: SystemName;
  permissions: string[];
  /** The form's text: one IP range per line. */
  ranges?: string;
  /** The form's text: days or a date. */
  expiry?: string;
  limits?: SystemName[];
  withSecondary?: boolean;
  then?: Then;
};

// One key a line, as a table.
// prettier-ignore
const KEYS: DemoKey[] = [
  { label: "Fleet ingest", description: "Robots report telemetry.", system: "telemetry", permissions: ["telemetry:write"], ranges: "10.20.0.0/16" },
  { label: "Ops dashboard", description: "Grafana reads telemetry.", system: "telemetry", permissions: ["telemetry:read"], withSecondary: true },
  { label: "Robot controller", description: "Dispatch service.", system: "robots", permissions: ["robots:command", "robots:status"], ranges: "192.168.40.0/24\n2001:db8:40::/48", expiry: "5" },
  { label: "Legacy scanner", description: "Old barcode gateway; replaced.", system: "robots", permissions: ["robots:status"], then: "expired" },
  { label: "Camera edge nodes", description: "Edge boxes upload frames.", system: "vision", permissions: ["vision:ingest"], withSecondary: true, then: "roll" },
  { label: "Staging uploader", description: "Paused while staging is rebuilt.", system: "vision", permissions: ["vision:ingest"], then: "disable" },
  { label: "Contractor access", description: "Labelling contractor; contract ended.", system: "vision", permissions: ["vision:ingest"], then: "revoke" },
  { label: "Invoice export", description: "Nightly export to accounting.", system: "billing", permissions: ["billing:read"], ranges: "203.0.113.0/24", expiry: "90" },
  { label: "Firmware CI", description: "Publishes firmware from CI.", permissions: ["firmware:publish"], limits: ["robots"], expiry: "10" },
  { label: "Analytics read-only", description: "BI warehouse sync.", permissions: ["telemetry:read", "billing:read"], limits: ["telemetry", "billing"], then: "edit" },
  { label: "Automation", description: "keyplane CLI for the platform team.", permissions: ["keys:manage"], ranges: "10.0.0.0/8" },
  { label: "Old partner feed", description: "Partner integration, superseded.", permissions: ["robots:status"], limits: ["robots"], then: "revoke" },
];

type Owner = { email: string; password?: string };
type Seeded = { owner: { email: string; password?: string }; systems: number; keys: number; audit: number };

function readOptions(): Owner {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      password: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const email = emailSchema.safeParse(values.email ?? DEFAULT_OWNER.email);
  if (!email.success) throw new Error(`--email: ${email.error.issues[0]?.message ?? "not an email address"}`);
  const password = values.password === undefined ? undefined : newPasswordSchema.safeParse(values.password);
  if (password && !password.success) throw new Error(`--password: ${password.error.issues[0]?.message}`);
  return { email: email.data, password: password?.data };
}

/** The seeded organization's slug when it is there already; otherwise the demo, made in one transaction. */
async function seed(owner: Owner): Promise<Seeded | null> {
  const existing = await getDb().organization.findUnique({ where: { slug: ORGANIZATION.slug } });
  if (existing) return null;
  const account = await getDb().user.findUnique({ where: { email: owner.email } });
  if (account && owner.password) {
    throw new Error(
      `${owner.email} already has an account; its password is not changed: leave out --password.`,
    );
  }
  const password = account ? undefined : (owner.password ?? randomBytes(12).toString("base64url"));
  const passwordHash = password === undefined ? null : await hashPassword(password);
  return transact(
    async (tx) => {
      const user =
        account ??
        (await tx.user.create({ data: { email: owner.email, name: DEFAULT_OWNER.name, passwordHash } }));
      const operator = { actor: operatorActor(), meta: { ip: null, userAgent: "keyplane db:seed" } };
      const org = await createOrganization(operator, { name: ORGANIZATION.name, owner: user }, tx);
      const ctx: Ctx = { ...operator, organizationId: org.id };
      for (const [name, description] of PERMISSIONS) {
        await addPermission(ctx, { organizationId: org.id, name, description }, tx);
      }
      const systems = {} as Record<SystemName, string>;
      for (const [key, system] of Object.entries(SYSTEMS) as [SystemName, (typeof SYSTEMS)[SystemName]][]) {
        systems[key] = (await createSystem(ctx, { organizationId: org.id, ...system }, tx)).id;
      }
      for (const key of KEYS) await seedKey(ctx, tx, key, systems);
      return {
        owner: { email: user.email, password },
        systems: Object.keys(SYSTEMS).length,
        keys: KEYS.length,
        audit: await tx.auditEntry.count({ where: { organizationId: org.id } }),
      };
    },
    { timeoutMs: 120_000 },
  );
}

async function seedKey(ctx: Ctx, tx: Tx, spec: DemoKey, systems: Record<SystemName, string>): Promise<void> {
  const input: z.input<typeof createKeySchema> = {
    organizationId: ctx.organizationId,
    systemId: spec.system ? systems[spec.system] : null,
    label: spec.label,
    description: spec.description,
    permissions: spec.permissions,
    allowedCidrs: spec.ranges ?? "",
    expiry: spec.expiry ?? "",
    withSecondary: spec.withSecondary ?? false,
    systemLimits: (spec.limits ?? []).map((name) => systems[name]),
  };
  const { key } = await createKey(ctx, createKeySchema.parse(input), tx);
  const keyId = key.id;
  const expectedVersion = key.version;
  switch (spec.then) {
    case "disable":
      await disableKey(ctx, { keyId, expectedVersion }, tx);
      break;
    case "revoke":
      await revokeKey(ctx, { keyId, confirmLabel: key.label }, tx);
      break;
    case "roll":
      // The old primary keeps working for a week beside the new primary and the secondary.
      await rollKey(ctx, { keyId, expectedVersion, grace: "7d" }, tx);
      break;
    case "edit": {
      const edit = { keyId, expectedVersion, description: `${spec.description} Limited to two systems.` };
      await updateKey(ctx, updateKeySchema.parse(edit), tx);
      break;
    }
    case "expired":
      // No core makes a key that has already expired (the policy's minimum lifetime is a day), so
      // this one's dates are moved back directly: 90 days old, expired 3 days ago. Only the key
      // row changes; its audit entry stays as written, so the chain still verifies.
      await tx.apiKey.update({
        where: { id: keyId, organizationId: ctx.organizationId },
        data: { createdAt: new Date(Date.now() - 90 * DAY_MS), expiresAt: new Date(Date.now() - 3 * DAY_MS) },
      });
      break;
  }
}

async function main(): Promise<void> {
  const owner = readOptions();
  const applied = await applyMigrations(databaseUrl());
  if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  const seeded = await seed(owner);
  if (!seeded) {
    console.log(`“${ORGANIZATION.name}” (${ORGANIZATION.slug}) is already seeded: nothing changed.`);
    return;
  }
  console.log(
    `Seeded “${ORGANIZATION.name}” (${ORGANIZATION.slug}): ${seeded.systems} systems, ${seeded.keys} keys, ${seeded.audit} audit entries.`,
  );
  console.log(`Owner: ${seeded.owner.email}`);
  if (seeded.owner.password) console.log(`Password: ${seeded.owner.password}  (shown this once)`);
  else console.log("Password: the account's own (unchanged)");
}

main()
  .then(() => getDb().$disconnect())
  .catch(async (error: unknown) => {
    console.error(`db:seed: ${error instanceof Error ? error.message : String(error)}`);
    await getDb().$disconnect();
    process.exit(1);
  });
