import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/keys/route";
import * as systems from "@/app/api/v1/systems/route";
import { apiErrorSchema } from "@/lib/api/schemas/common";
import { getDb } from "@/lib/db";
import { createKeyAction } from "@/lib/keys/actions";
import { CONTROL_CHARACTERS_MESSAGE } from "@/lib/plain-text";
import { useTestDatabase } from "../support/db";
import { call, createApiWorld, stopVerifyRuntime, type ApiWorld, useApiWorld } from "../support/api";
import { runCli, useCliWorld } from "../support/api-server";
import { createKeyRow } from "../support/keys";
import { signInAs } from "../support/fixtures";
import { createKeysWorld } from "../support/key-lifecycle";

// Issue 12, failure 9 (inputs): control and format characters in names are refused at every door,
// and what old rows still hold is escaped by the CLI before it reaches a terminal.

useTestDatabase();
afterAll(stopVerifyRuntime);

const ESC = "\u001b";

describe("inputs: control and invisible characters", () => {
  const w = useApiWorld();

  it.each([
    ["an ESC sequence in a label", { label: `ok${ESC}[31mred` }, "label"],
    ["a newline in a label", { label: "ok\nforged row" }, "label"],
    ["a right-to-left override in a label", { label: "ok\u202Egnp.exe" }, "label"],
    ["a zero-width space in a description", { label: "ok", description: "a\u200Bb" }, "description"],
    ["a NUL in a description", { label: "ok", description: "a\u0000b" }, "description"],
  ])("REST refuses a key with %s: 422 naming the field", async (_name, body, field) => {
    const before = await getDb().apiKey.count();
    const answer = await call(collection.POST, "POST", "/api/v1/keys", { key: w.orgKey.secret, body });
    expect(answer.status).toBe(422);
    const { error } = apiErrorSchema.parse(answer.json);
    expect(error.fields?.[field]).toBe(CONTROL_CHARACTERS_MESSAGE);
    expect(await getDb().apiKey.count()).toBe(before);
  });

  it("REST refuses a system description with a control character", async () => {
    const answer = await call(systems.POST, "POST", "/api/v1/systems", {
      key: w.orgKey.secret,
      body: { name: "fine", description: `x${ESC}[2J` },
    });
    expect(answer.status).toBe(422);
    expect(apiErrorSchema.parse(answer.json).error.fields?.description).toBe(CONTROL_CHARACTERS_MESSAGE);
  });
});

describe("inputs: the CLI escapes what it prints", () => {
  const t = useCliWorld();

  it("keys list prints a hostile stored label without raw ESC or newline", async () => {
    // An old row, stored before validation refused it.
    const hostile = `evil${ESC}[31m\nkp_forged  active  organization`;
    await createKeyRow({ organizationId: t.w.org.id, label: hostile });
    const result = await runCli(["keys", "list"], {
      KEYPLANE_URL: t.url,
      KEYPLANE_KEY: t.w.orgKey.secret,
      XDG_CONFIG_HOME: t.home,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stdout).toContain("evil\\x1b[31m\\nkp_forged");
    expect(result.stdout.split("\n").some((line) => line.startsWith("kp_forged"))).toBe(false);
  }, 240_000);
});

describe("inputs: custom secrets give no cross-tenant signal", () => {
  let a: ApiWorld;
  let b: ApiWorld;
  // About 158 bits by the estimate (lib/keys/custom-secret.ts): accepted where the policy allows.
  const strong = "Zq7!mV2#rT9@wK4$pL8%xN3^";

  beforeAll(async () => {
    a = await createApiWorld();
    b = await createApiWorld();
    for (const w of [a, b]) {
      await getDb().keyPolicy.update({
        where: { organizationId: w.org.id },
        data: { allowCustomSecrets: true },
      });
    }
  });

  const create = (w: ApiWorld, customSecret: string) =>
    call(collection.POST, "POST", "/api/v1/keys", {
      key: w.orgKey.secret,
      body: { label: "custom", customSecret },
    });

  it("answers a secret another organization already uses exactly like a weak one", async () => {
    expect((await create(a, strong)).status).toBe(201);
    const weak = await create(b, "Correct-Horse-42");
    const collision = await create(b, strong);
    expect(weak.status).toBe(422);
    expect(collision.status).toBe(weak.status);
    expect(collision.json).toEqual(weak.json);
  });
});

describe("inputs: the console answers a custom-secret collision like a weak value", () => {
  it("gives the same action result for a secret of another organization and a weak one", async () => {
    const acme = await createKeysWorld("Acme Inputs");
    const globex = await createKeysWorld("Globex Inputs");
    for (const w of [acme, globex]) {
      await getDb().keyPolicy.update({
        where: { organizationId: w.org.id },
        data: { allowCustomSecrets: true },
      });
    }
    const secret = "Hx4&nW8*qR2(jB6)tY9_";
    await signInAs(acme.admin.user);
    expect(
      await createKeyAction({ organizationId: acme.org.id, label: "mine", customSecret: secret }),
    ).toMatchObject({ ok: true });
    await signInAs(globex.admin.user);
    const weak = await createKeyAction({
      organizationId: globex.org.id,
      label: "x",
      customSecret: "Tr0ub4dor&3x!",
    });
    const collision = await createKeyAction({
      organizationId: globex.org.id,
      label: "x",
      customSecret: secret,
    });
    expect(weak).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    expect(collision).toEqual(weak);
  });
});
