import { expect, test } from "@playwright/test";
import { STEP_UP_ACCOUNTS, stepUpSecret } from "./step-up-accounts";
import { createOrgKey, deleteKey, ORG, revokeKey, uniqueName } from "./support";
import { totpCode } from "./totp";

// Safe rotation you can see (README "Per-secret usage"): roll a key, keep calling the real verify
// endpoint with the OLD secret, and the console says so: "old secret still in use" in the table,
// per-secret figures in the details panel (End grace now held back while the old secret is in
// use), and the impact preview in the revoke dialog. The details panel during the grace is saved
// as test-results/rotation-details-during-grace.png.

test.describe.configure({ mode: "serial" });
test.use({ storageState: STEP_UP_ACCOUNTS.rotation.stateFile });

const KEYS_PAGE = `${ORG}/keys`;

test("a roll shows which secret is still in use, and what a revoke would hit", async ({ page }) => {
  const totp = stepUpSecret(STEP_UP_ACCOUNTS.rotation);
  const label = uniqueName("rotating");
  const row = () => page.getByRole("row", { name: new RegExp(label) });
  const verify = async (secret: string, ip: string) => {
    const response = await page.request.post("/api/v1/verify", {
      headers: { authorization: `Bearer ${secret}` },
      data: { ip },
    });
    return ((await response.json()) as { code: string }).code;
  };

  await page.goto(KEYS_PAGE);
  const oldSecret = await createOrgKey(page, label);

  await row()
    .getByRole("button", { name: `Actions for ${label}` })
    .click();
  await page.getByRole("menuitem", { name: "Roll primary secret…" }).click();
  const roll = page.getByRole("dialog", { name: new RegExp(`Roll the primary secret of ${label}`) });
  await expect(roll.getByRole("region", { name: "Use of each secret" })).toContainText("Primary");
  await roll.getByLabel("In 24 hours").check();
  await roll.getByLabel("Authenticator code").fill(await totpCode(totp));
  await roll.getByRole("button", { name: "Roll secret" }).click();
  const rolled = page.getByRole("dialog", { name: "Primary secret rolled" });
  const newSecret = (await rolled.getByTestId("revealed-secret").first().textContent()) ?? "";
  expect(newSecret).toMatch(/^kp_/);
  await rolled.getByRole("button", { name: "I have copied it" }).click();

  // A client that has not moved over yet, and one that has.
  expect(await verify(oldSecret, "203.0.113.7")).toBe("VALID");
  expect(await verify(oldSecret, "203.0.113.7")).toBe("VALID");
  expect(await verify(newSecret, "198.51.100.20")).toBe("VALID");

  // The verify server writes usage in batches (every few seconds): reload until it is in.
  await expect(async () => {
    await page.reload();
    await expect(row().getByText("old secret still in use")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  await row().click();
  const sheet = page.getByRole("dialog", { name: new RegExp(label) });
  const old = sheet.getByTestId("secret-rolled");
  await expect(old).toContainText("Previous primary (in grace)");
  await expect(old).toContainText("old secret still in use");
  await expect(old.getByTestId("secret-usage-rolled")).toContainText("203.0.113.7");
  await expect(old.getByTestId("secret-usage-rolled")).toContainText("2 calls");
  await expect(sheet.getByTestId("secret-usage-primary")).toContainText("198.51.100.20");
  await expect(sheet.getByTestId("secret-usage-primary")).toContainText("1 call");
  await expect(old.getByRole("button", { name: "End grace now" })).toBeDisabled();
  await expect(old).toContainText("Offered once the old secret has been idle for an hour.");
  await sheet.screenshot({ path: "test-results/rotation-details-during-grace.png" });
  await page.keyboard.press("Escape");

  await revokeKey(page, label, totp, async (revoke) => {
    const impact = revoke.getByTestId("impact-preview");
    await expect(impact).toContainText("What this change will hit");
    await expect(impact).toContainText(/Calls, last 24 hours\s*3/);
    await expect(impact).toContainText(/Client addresses, last 24 hours\s*2/);
    await expect(impact).toContainText("every system of the organization");
  });
  expect(await verify(oldSecret, "203.0.113.7")).toBe("REVOKED");

  await deleteKey(page, label, totp);
});
