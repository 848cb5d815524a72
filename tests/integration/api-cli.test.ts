import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keyListResponseSchema, keyWithSecretsResponseSchema } from "@/lib/api/schemas/key-responses";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { latestAudit, stopVerifyRuntime } from "../support/api";
import { runCli, useCliWorld } from "../support/api-server";

// The keyplane CLI, run as a user runs it (its own process, through bin/keyplane.mjs) against a
// server that serves the real route handlers: login stores the key privately, every command
// works in human and --json form, and failures exit non-zero with the API's own message.

useTestDatabase();

describe("keyplane CLI", () => {
  const t = useCliWorld();
  afterAll(stopVerifyRuntime);

  /** As a pipeline runs it: server and key from the environment. */
  const cli = (args: string[], stdin?: string) =>
    runCli(
      args,
      { KEYPLANE_URL: t.url, KEYPLANE_KEY: t.w.orgKey.secret, XDG_CONFIG_HOME: join(t.home, "env") },
      stdin,
    );

  // Each command is its own Node process (about a second, several on a busy machine).
  const SLOW = 240_000;

  it(
    "logs in with a key from stdin, saved privately; refuses a bad key without saving it",
    async () => {
      const env = { XDG_CONFIG_HOME: t.home };
      const bad = await runCli(["login", "--url", t.url], env, "kp_nope\n");
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("The API key is not valid. (401)");
      expect(existsSync(join(t.home, "keyplane", "config.json"))).toBe(false);

      const good = await runCli(["login", "--url", `${t.url}/`], env, `${t.w.orgKey.secret}\n`);
      expect(good.stderr).toBe("");
      expect(good.code).toBe(0);
      expect(good.stdout).toContain("ci-manager");
      const file = join(t.home, "keyplane", "config.json");
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ url: t.url, key: t.w.orgKey.secret });
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const me = await runCli(["whoami", "--json"], env);
      expect(JSON.parse(me.stdout)).toMatchObject({ key: { id: t.w.orgKey.id, scope: "organization" } });
    },
    SLOW,
  );

  it(
    "creates a key with rate limits, credits, metadata and an external id; tops it up; finds it by external id",
    async () => {
      const created = await cli([
        "keys",
        "create",
        "--label",
        "metered-by-cli",
        "--ratelimit",
        "requests=100/60s",
        "--credits",
        "1000",
        "--refill",
        "monthly:1000",
        "--meta",
        "plan=pro",
        "--external-id",
        "cus_cli",
        "--json",
      ]);
      expect(created.code).toBe(0);
      const { key } = keyWithSecretsResponseSchema.parse(JSON.parse(created.stdout));
      expect(key).toMatchObject({
        ratelimits: [{ name: "requests", limit: 100, durationMs: 60_000, autoApply: true }],
        credits: { remaining: 1000, refill: { interval: "monthly", amount: 1000 } },
        meta: { plan: "pro" },
        externalId: "cus_cli",
      });
      const topped = await cli(["keys", "top-up", key.id, "--amount", "500"]);
      expect(topped.stdout).toContain("1500 left");
      expect(await latestAudit(t.w.org.id)).toMatchObject([{ action: "key.credits_topped_up" }]);
      const listed = keyListResponseSchema.parse(
        JSON.parse((await cli(["keys", "list", "--external-id", "cus_cli", "--json"])).stdout),
      );
      expect(listed.data.map((row) => [row.id, row.creditsRemaining])).toEqual([[key.id, 1500]]);
    },
    SLOW,
  );

  it(
    "runs a key's whole lifecycle",
    async () => {
      const created = await cli([
        "keys",
        "create",
        "--label",
        "cli-made",
        "--expires",
        "30d",
        "--permission",
        "nodes:add",
        "--cidr",
        "10.0.0.0/8",
        "--secondary",
        "--json",
      ]);
      expect(created.code).toBe(0);
      const body = keyWithSecretsResponseSchema.parse(JSON.parse(created.stdout));
      const id = body.key.id;
      expect(body.key).toMatchObject({ label: "cli-made", permissions: ["nodes:add"], hasSecondary: true });
      expect(await latestAudit(t.w.org.id)).toMatchObject([
        { action: "key.created", actorId: t.w.orgKey.id },
      ]);

      const table = await cli(["keys", "list", "--state", "active"]);
      expect(table.stdout).toMatch(/ID\s+LABEL\s+STATUS/);
      expect(table.stdout).toContain("cli-made");
      const listed = keyListResponseSchema.parse(
        JSON.parse((await cli(["keys", "list", "-q", "cli-", "--json"])).stdout),
      );
      expect(listed.data.map((row) => row.id)).toEqual([id]);

      const shown = await cli(["keys", "get", id]);
      expect(shown.stdout).toMatch(/Label:\s+cli-made/);
      expect(shown.stdout).not.toContain(body.secrets.primary);

      expect((await cli(["keys", "usage", id])).stdout).toContain("0 valid, 0 refused in the last 30 days.");
      await getDb().keyUsage.create({
        data: {
          keyId: id,
          organizationId: t.w.org.id,
          hour: new Date(Date.now() - (Date.now() % 3_600_000)),
          valid: 12,
          refused: 3,
        },
      });
      const usage = await cli(["keys", "usage", id]);
      expect(usage.stdout).toMatch(/DAY \(UTC\)\s+VALID\s+REFUSED\n\d{4}-\d{2}-\d{2}\s+12\s+3/);
      expect(usage.stdout).toContain("12 valid, 3 refused in the last 30 days.");

      const updated = await cli([
        "keys",
        "update",
        id,
        "--label",
        "cli-renamed",
        "--permission",
        "catalog:register",
      ]);
      expect(updated.stdout).toMatch(/Updated\.[\s\S]*cli-renamed/);

      const rolled = await cli(["keys", "roll", id, "--grace", "1h"]);
      expect(rolled.stdout).toMatch(/The old secret works until/);
      expect(rolled.stdout).toMatch(/shown this once[\s\S]*primary:\s+kp_/);

      const regenerated = await cli(["keys", "regenerate", id, "--slot", "secondary", "--yes", "--json"]);
      expect(Object.keys(JSON.parse(regenerated.stdout).secrets)).toEqual(["secondary"]);

      expect((await cli(["keys", "disable", id])).stdout).toContain("Disabled");
      expect((await cli(["keys", "enable", id])).stdout).toContain("Enabled");

      const unconfirmed = await cli(["keys", "revoke", id]);
      expect(unconfirmed.code).toBe(2);
      expect(unconfirmed.stderr).toContain("--yes");
      expect((await getDb().apiKey.findUniqueOrThrow({ where: { id } })).state).toBe("active");
      expect((await cli(["keys", "revoke", id, "--yes"])).stdout).toContain("Revoked");
      expect((await cli(["keys", "delete", id, "--yes"])).stdout).toContain(`Deleted ${id}`);
      expect(await getDb().apiKey.count({ where: { id } })).toBe(0);
    },
    SLOW,
  );

  it(
    "lists and creates systems",
    async () => {
      const created = await cli(["systems", "create", "--name", "Billing", "--description", "Invoices"]);
      expect(created.stdout).toContain("Created system “Billing”");
      const listed = await cli(["systems", "list"]);
      expect(listed.stdout).toMatch(/NAME\s+SLUG/);
      expect(listed.stdout).toContain("billing");
    },
    SLOW,
  );

  it(
    "verifies a key: exit 0 when valid, 3 when not, the key from stdin with -",
    async () => {
      const made = await cli([
        "keys",
        "create",
        "--label",
        "to-verify",
        "--permission",
        "nodes:add",
        "--json",
      ]);
      const secret = keyWithSecretsResponseSchema.parse(JSON.parse(made.stdout)).secrets.primary ?? "";
      const valid = await cli(["verify", secret, "--permission", "nodes:add"]);
      expect(valid.code).toBe(0);
      expect(valid.stdout).toMatch(/Result:\s+VALID/);
      const refused = await cli(["verify", "-", "--permission", "catalog:register", "--json"], `${secret}\n`);
      expect(refused.code).toBe(3);
      expect(JSON.parse(refused.stdout)).toMatchObject({ valid: false, code: "INSUFFICIENT_PERMISSIONS" });
      // verify needs only the server's URL, not a management key.
      const anonymous = await runCli(["verify", secret], {
        KEYPLANE_URL: t.url,
        XDG_CONFIG_HOME: join(t.home, "none"),
      });
      expect(anonymous.code).toBe(0);
    },
    SLOW,
  );

  it(
    "prints the API's message and exits non-zero on refusals and mistakes",
    async () => {
      const missing = await cli(["keys", "get", "nope"]);
      expect([missing.code, missing.stderr.trim()]).toEqual([1, "keyplane: The key was not found. (404)"]);

      const [invalid, unknown] = await Promise.all([
        cli(["keys", "create", "--label", "x", "--expires", "5000d"]),
        cli(["keys", "create", "--label", "x", "--permission", "root"]),
      ]);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/^keyplane: The request has invalid fields\. \(422\)\n {2}expiry: /);
      expect(unknown.stderr).toMatch(/\(422\)\n {2}permissions: Not in this organization's catalog: root/);

      const system = await runCli(["systems", "list"], {
        KEYPLANE_URL: t.url,
        KEYPLANE_KEY: t.w.systemKey.secret,
      });
      expect([system.code, system.stderr]).toEqual([
        1,
        "keyplane: A system key cannot list systems. (403)\n",
      ]);

      const usage = await Promise.all([
        cli(["keys", "create"]),
        cli(["keys", "list", "--bogus"]),
        cli(["keys", "frobnicate"]),
        cli(["keys", "roll", "k1", "--grace", "soon"]),
      ]);
      expect(usage.map((run) => run.code)).toEqual([2, 2, 2, 2]);
      expect(usage[0]?.stderr).toContain("--label is required");

      const offline = await runCli(["keys", "list"], {
        KEYPLANE_URL: "http://127.0.0.1:9",
        KEYPLANE_KEY: "x",
      });
      expect(offline.code).toBe(1);
      expect(offline.stderr).toContain("Could not reach http://127.0.0.1:9");
    },
    SLOW,
  );
});
