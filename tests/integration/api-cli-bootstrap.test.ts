import { rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as whoami from "@/app/api/v1/whoami/route";
import { verifyPassword } from "@/lib/auth/password";
import { createDb, setDb, type Db } from "@/lib/db";
import { hashSecret } from "@/lib/keys/hash";
import { call, stopVerifyRuntime } from "../support/api";
import { runCli } from "../support/api-server";

// `keyplane admin bootstrap` on a fresh SQLite file (whatever database the other tests use): it
// migrates, creates the first owner, their organization and an organization key holding
// keys:manage, audited as the operator, prints the key once, and refuses to run a second time.

const SLOW = 240_000;
const files: string[] = [];
const clients: Db[] = [];

function freshDatabase(): string {
  const file = join(tmpdir(), `keyplane-bootstrap-${randomBytes(6).toString("hex")}.db`);
  files.push(file);
  return `file:${file}`;
}

function bootstrapEnv(url: string): Record<string, string | undefined> {
  return {
    DATABASE_URL: url,
    AUTH_SECRET: process.env.AUTH_SECRET,
    KEYPLANE_ENCRYPTION_KEY: process.env.KEYPLANE_ENCRYPTION_KEY,
  };
}

afterAll(async () => {
  await stopVerifyRuntime();
  for (const db of clients) await db.$disconnect();
  for (const file of files)
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
});

type Bootstrapped = {
  user: { id: string; email: string };
  organization: { id: string; name: string; slug: string };
  key: { id: string; label: string; expiresAt: string; secret: string };
};

describe("keyplane admin bootstrap", () => {
  it(
    "sets up the first owner, organization and management key, once",
    async () => {
      const url = freshDatabase();
      const args = [
        "admin",
        "bootstrap",
        "--email",
        "Owner@Example.com",
        "--org",
        "Acme Ops",
        "--name",
        "Olive",
      ];
      const first = await runCli([...args, "--json"], bootstrapEnv(url), "correct horse battery\n");
      expect(first.stderr).toMatch(/^Applied \d+ migration\(s\)|^$/);
      expect(first.code).toBe(0);
      const result = JSON.parse(first.stdout) as Bootstrapped;
      expect(result).toMatchObject({
        user: { email: "owner@example.com" },
        organization: { name: "Acme Ops", slug: "acme-ops" },
        key: { label: "bootstrap", secret: expect.stringMatching(/^kp_/) },
      });

      const { db } = createDb(url);
      clients.push(db);
      const user = await db.user.findUniqueOrThrow({ where: { email: "owner@example.com" } });
      expect(user.name).toBe("Olive");
      expect(await verifyPassword("correct horse battery", user.passwordHash ?? "")).toBe(true);
      const membership = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
      expect(membership).toMatchObject({ organizationId: result.organization.id, role: "owner" });
      const key = await db.apiKey.findUniqueOrThrow({
        where: { id: result.key.id },
        include: { permissions: { include: { permission: true } }, secrets: true },
      });
      expect(key).toMatchObject({ systemId: null, state: "active", createdById: null, createdByKeyId: null });
      expect(key.permissions.map((p) => p.permission.name)).toEqual(["keys:manage"]);
      expect(key.secrets.map((s) => s.hash)).toEqual([hashSecret(result.key.secret)]);
      const audit = await db.auditEntry.findMany({
        where: { organizationId: result.organization.id },
        orderBy: { seq: "asc" },
      });
      expect(audit.map((entry) => [entry.seq, entry.action, entry.actorType])).toEqual([
        [1, "organization.created", "operator"],
        [2, "key.created", "operator"],
      ]);
      expect(audit[0]?.actorLabel).toMatch(/^operator .+@.+/);
      expect(JSON.stringify(audit)).not.toContain(result.key.secret);

      // The printed key is a working management key for the API.
      setDb(db, "sqlite", url);
      const me = await call(whoami.GET, "GET", "/api/v1/whoami", { key: result.key.secret });
      expect(me).toMatchObject({ status: 200, json: { key: { id: result.key.id, scope: "organization" } } });

      const again = await runCli(args, bootstrapEnv(url), "another password\n");
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("already has users");
      expect(await db.user.count()).toBe(1);
      expect(await db.organization.count()).toBe(1);
    },
    SLOW,
  );

  it(
    "prints the key for people, and refuses bad input without creating anything",
    async () => {
      const url = freshDatabase();
      const [short, noOrg] = await Promise.all([
        runCli(
          ["admin", "bootstrap", "--email", "a@example.com", "--org", "Acme"],
          bootstrapEnv(url),
          "short\n",
        ),
        runCli(
          ["admin", "bootstrap", "--email", "a@example.com"],
          bootstrapEnv(freshDatabase()),
          "long enough pw\n",
        ),
      ]);
      expect(short.code).toBe(1);
      expect(short.stderr).toContain("Password must be at least 10 characters");
      expect(noOrg.code).toBe(2);
      expect(noOrg.stderr).toContain("--org is required");

      const human = await runCli(
        ["admin", "bootstrap", "--email", "a@example.com", "--org", "Acme"],
        bootstrapEnv(url),
        "long enough password\n",
      );
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/Organization key “bootstrap” .* holding keys:manage/);
      expect(human.stdout).toMatch(/^ {2}kp_\w+$/m);
      expect(human.stdout).toContain("shown this once");
    },
    SLOW,
  );
});
