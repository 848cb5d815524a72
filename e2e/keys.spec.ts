import { expect, test } from "@playwright/test";
import { STEP_UP_ACCOUNTS, stepUpSecret } from "./step-up-accounts";
import { deleteKey, ORG, revokeKey, uniqueName } from "./support";
import { totpCode, wrongTotpCode } from "./totp";

// Walks one organization key's life as a person would: create → reveal → copy; data planes verify
// it; roll with grace and TOTP; regenerate with the typed label; revoke → delete. One story, so
// the tests run in order; the spec's own admin (with an authenticator) does it all.
test.describe.configure({ mode: "serial" });
test.use({ storageState: STEP_UP_ACCOUNTS.keys.stateFile });

const KEYS_PAGE = `${ORG}/keys`;
const label = uniqueName("gateway");
/** The key's secret, as created by the first test. */
let created = "";

test("create a key, see its secret once, and never again", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(KEYS_PAGE);
  await page.getByRole("button", { name: "Create key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create an organization key" });
  await dialog.getByLabel("Label").fill(label);
  await dialog.getByLabel("Allowed IP ranges").fill("10.0.0.0/33");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText(/“10\.0\.0\.0\/33”/)).toBeVisible();
  await dialog.getByLabel("Allowed IP ranges").fill("10.0.0.0/8\n2001:db8::/32");
  await dialog.getByRole("button", { name: "Create key" }).click();

  const reveal = page.getByRole("dialog", { name: "Key created" });
  await expect(reveal.getByText("You will not see this again")).toBeVisible();
  const secret = (await reveal.getByTestId("revealed-secret").first().textContent()) ?? "";
  expect(secret).toMatch(/^kp_[0-9A-Za-z]{38}$/);
  await reveal.getByRole("button", { name: "Copy primary secret" }).click();
  await expect(reveal.getByText("Copied", { exact: true })).toBeAttached();
  await reveal.getByRole("button", { name: "I have copied it" }).click();
  await expect(reveal).toBeHidden();
  created = secret;

  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  expect(clipboard).toBe(secret);

  await expect(page.getByRole("row", { name: new RegExp(label) })).toBeVisible();
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  await page.getByRole("row", { name: new RegExp(label) }).click();
  const sheet = page.getByRole("dialog", { name: new RegExp(label) });
  await expect(sheet.getByText("10.0.0.0/8")).toBeVisible();
  await expect(sheet.getByText(secret.slice(-4))).toBeVisible();
  expect(await page.content()).not.toContain(secret);
});

test("what data planes asked about a key shows up in its details", async ({ page }) => {
  await page.goto(KEYS_PAGE);
  // Two requests from inside the key's ranges, one from outside.
  const verify = async (ip: string) => {
    const response = await page.request.post("/api/v1/verify", {
      headers: { authorization: `Bearer ${created}` },
      data: { ip },
    });
    return ((await response.json()) as { code: string }).code;
  };
  expect(await verify("10.1.2.3")).toBe("VALID");
  expect(await verify("2001:db8::7")).toBe("VALID");
  expect(await verify("192.0.2.1")).toBe("IP_NOT_ALLOWED");

  await page.getByRole("row", { name: new RegExp(label) }).click();
  const sheet = page.getByRole("dialog", { name: new RegExp(label) });
  const chart = sheet.getByRole("figure", { name: `Verifications of ${label}` });
  await expect(chart).toBeVisible();
  await expect(page).toHaveURL(/[?&]key=/); // the open panel is in the URL, so a reload keeps it
  // The verify server writes its counts in batches (every few seconds): reopen until they are in.
  await expect(async () => {
    await page.reload();
    await expect(chart).toContainText("2 valid", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(chart).toContainText("1 refused");
});

test("roll with a grace period, regenerate with the typed label, revoke and delete", async ({ page }) => {
  const totp = stepUpSecret(STEP_UP_ACCOUNTS.keys);
  await page.goto(KEYS_PAGE);
  const row = () => page.getByRole("row", { name: new RegExp(label) });

  await row()
    .getByRole("button", { name: `Actions for ${label}` })
    .click();
  await page.getByRole("menuitem", { name: "Roll primary secret…" }).click();
  const roll = page.getByRole("dialog", { name: new RegExp(`Roll the primary secret of ${label}`) });
  await roll.getByLabel("In 1 hour").check();
  await roll.getByLabel("Authenticator code").fill(wrongTotpCode(totp));
  await roll.getByRole("button", { name: "Roll secret" }).click();
  await expect(roll.getByText(/code is not valid|already used/)).toBeVisible();
  await roll.getByLabel("Authenticator code").fill(await totpCode(totp));
  await roll.getByRole("button", { name: "Roll secret" }).click();
  const rolled = page.getByRole("dialog", { name: "Primary secret rolled" });
  await expect(rolled.getByTestId("revealed-secret")).toHaveText(/^kp_/);
  await rolled.getByRole("button", { name: "I have copied it" }).click();

  await row().click();
  const sheet = page.getByRole("dialog", { name: new RegExp(label) });
  await expect(sheet.getByText("Previous primary (in grace)")).toBeVisible();
  await expect(sheet.getByText("Key rolled")).toBeVisible();
  await page.keyboard.press("Escape");

  await row()
    .getByRole("button", { name: `Actions for ${label}` })
    .click();
  await page.getByRole("menuitem", { name: "Regenerate primary…" }).click();
  const regen = page.getByRole("dialog", { name: new RegExp(`Regenerate the primary secret of ${label}`) });
  await expect(regen.getByRole("button", { name: "Regenerate" })).toBeDisabled();
  await regen.getByLabel(/Type/).fill(label);
  await regen.getByLabel("Authenticator code").fill(await totpCode(totp));
  await regen.getByRole("button", { name: "Regenerate" }).click();
  const fresh = page.getByRole("dialog", { name: "New primary secret" });
  await expect(fresh.getByTestId("revealed-secret")).toHaveText(/^kp_/);
  await fresh.getByRole("button", { name: "I have copied it" }).click();

  await revokeKey(page, label, totp);
  await deleteKey(page, label, totp);
});

test("a key that may manage keys asks for the authenticator code, and so does widening a key", async ({
  page,
}) => {
  const totp = stepUpSecret(STEP_UP_ACCOUNTS.keys);
  const manager = uniqueName("manager");
  await page.goto(KEYS_PAGE);
  await page.getByRole("button", { name: "Create key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create an organization key" });
  await dialog.getByLabel("Label").fill(manager);
  const code = dialog.getByLabel("Authenticator code");
  await expect(code).toHaveCount(0);
  // keys:manage can roll and revoke every other key: the form asks for a code as soon as it is chosen.
  await dialog.getByRole("checkbox", { name: /^keys:manage/ }).check();
  await expect(code).toBeVisible();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Enter the current code from your authenticator app.")).toBeVisible();
  await code.fill(wrongTotpCode(totp));
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText(/code is not valid|already used/)).toBeVisible();
  await code.fill(await totpCode(totp));
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "Key created" });
  await expect(reveal.getByTestId("revealed-secret").first()).toHaveText(/^kp_/);
  await reveal.getByRole("button", { name: "I have copied it" }).click();

  // Narrowing is free (no code asked); widening the IP ranges back asks for one.
  const row = page.getByRole("row", { name: new RegExp(manager) });
  await row.getByRole("button", { name: `Actions for ${manager}` }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const sheet = page.getByRole("dialog", { name: new RegExp(manager) });
  await sheet.getByLabel("Allowed IP ranges").fill("10.0.0.0/8");
  await expect(sheet.getByLabel("Authenticator code")).toHaveCount(0);
  await sheet.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Key saved")).toBeVisible();

  // The sheet stays open on the key's details after saving.
  await sheet.getByRole("button", { name: "Edit key" }).click();
  await sheet.getByLabel("Allowed IP ranges").fill("");
  await expect(sheet.getByLabel("Authenticator code")).toBeVisible();
  await sheet.getByLabel("Authenticator code").fill(await totpCode(totp));
  await sheet.getByRole("button", { name: "Save changes" }).click();
  await expect(sheet.getByRole("button", { name: "Edit key" })).toBeVisible();
  await expect(sheet.getByText("Any address")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();

  // Cleanup: revoke and delete it, with the code those always need.
  await revokeKey(page, manager, totp);
});
