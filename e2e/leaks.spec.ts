import { expect, test } from "@playwright/test";
import { createOrganization, createOrgKey, OWNER_STATE, uniqueName } from "./support";

// Report a leaked secret (README.md, "Leaked keys"): the owner pastes a log line holding a key's
// secret; the key is disabled (the default key policy) and the answer says so. A made-up kp_
// string with a wrong checksum is not a secret, and the dialog says nothing was found.
test.use({ storageState: OWNER_STATE });

test("the owner pastes a leaked secret and its key is disabled", async ({ page }) => {
  const org = await createOrganization(page, uniqueName("Leaks"));
  await page.goto(`${org}/keys`);
  const label = uniqueName("leaky");
  const secret = await createOrgKey(page, label);
  await expect(page.getByRole("row", { name: new RegExp(label) })).toBeVisible();

  await page.getByRole("button", { name: "Report a leaked secret" }).click();
  const dialog = page.getByRole("dialog", { name: "Report a leaked secret" });
  await expect(dialog.getByText(/its key is disabled/)).toBeVisible();
  const field = dialog.getByLabel("Secret, or text containing secrets");
  await field.fill(`export KEY=kp_${"a".repeat(38)}`);
  await dialog.getByRole("button", { name: "Report and disable" }).click();
  await expect(dialog.getByText(/No Keyplane secret/)).toBeVisible();

  await field.fill(`2026-12-04 build 42: curl -H "x-api-key: ${secret}" https://api.example.com`);
  await dialog.getByRole("button", { name: "Report and disable" }).click();
  await expect(page.getByText("Leak reported: 1 key disabled.")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(label) })).toContainText(/disabled/i);
  expect(await page.content()).not.toContain(secret);
});
