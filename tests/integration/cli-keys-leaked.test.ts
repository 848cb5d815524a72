import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { generateSecret } from "@/lib/keys/format";
import { secretHint } from "@/lib/keys/hash";
import { useTestDatabase } from "../support/db";
import { stopVerifyRuntime } from "../support/api";
import { runCli, useCliWorld } from "../support/api-server";
import { createKeyRow } from "../support/keys";

// `keyplane keys leaked FILE|-` (README.md, "Leaked keys"): finds kp_ secrets in a file or stdin
// by prefix and checksum, reports them through POST /api/v1/leaks/report, and prints hints only.

useTestDatabase();

describe("keyplane keys leaked", () => {
  const t = useCliWorld();
  afterAll(stopVerifyRuntime);
  const cli = (args: string[], stdin?: string) =>
    runCli(args, { KEYPLANE_URL: t.url, KEYPLANE_KEY: t.w.orgKey.secret, XDG_CONFIG_HOME: t.home }, stdin);
  const state = async (id: string) => (await getDb().apiKey.findUniqueOrThrow({ where: { id } })).state;

  it("reports the organization's secrets found in a file, leaves others alone, and reads stdin", async () => {
    const mine = await createKeyRow({ organizationId: t.w.org.id, label: "in-the-log" });
    const foreign = await createKeyRow({ organizationId: t.w.foreign.org.id, label: "not-ours" });
    const typo = `${mine.secret.slice(0, -1)}${mine.secret.endsWith("A") ? "B" : "A"}`;
    const file = join(t.home, "build.log");
    writeFileSync(
      file,
      `step 3\nexport KEY=${mine.secret}\ncurl -H "x-api-key: ${foreign.secret}"\n${typo}\n`,
    );

    const run = await cli(["keys", "leaked", file, "--url", "https://ci.example.com/builds/42"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(secretHint(mine.secret));
    expect(run.stdout).toContain("disabled or revoked");
    expect(run.stdout).toContain("not a key of yours");
    expect(run.stdout).not.toContain(mine.secret);
    expect(await state(mine.key.id)).toBe("disabled");
    expect(await state(foreign.key.id)).toBe("active");
    const audit = await getDb().auditEntry.findFirstOrThrow({
      where: { targetId: mine.key.id, action: "key.leaked" },
    });
    expect(audit.metadata).toMatchObject({
      url: "https://ci.example.com/builds/42",
      source: "keyplane keys leaked",
    });

    const other = await createKeyRow({ organizationId: t.w.org.id, label: "piped" });
    const piped = await cli(["keys", "leaked", "-", "--json"], `noise ${other.secret} ${generateSecret()}\n`);
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).data.map((item: { label: string }) => item.label)).toEqual([
      "true_positive",
      "false_positive",
    ]);
    expect(await state(other.key.id)).toBe("disabled");

    const none = await cli(["keys", "leaked", "-"], "nothing secret here\n");
    expect(none).toMatchObject({ code: 0, stdout: expect.stringContaining("No kp_ secrets found.") });
  }, 240_000);
});
