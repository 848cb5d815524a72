import { expect, test, type Page } from "@playwright/test";
import { ownerTotpCode } from "./members";
import { createOrganization, nav, OWNER_STATE, uniqueName } from "./support";

// The owner's organization settings: the key policy and the permission catalog. They hold for a
// whole organization, so this spec changes them in an organization of its own, where no other
// spec's keys are made meanwhile.
let org = "";

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ storageState: OWNER_STATE });
  org = await createOrganization(await context.newPage(), uniqueName("Settings"));
  await context.close();
});

async function openSettings(page: Page) {
  await page.goto(org);
  await nav(page, "Settings").click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
}

test("the owner changes the key policy with an authenticator code; a minimum above the maximum is refused next to the field", async ({
  page,
}) => {
  await openSettings(page);
  const policy = page.getByRole("form", { name: "Key policy" });
  const minimum = policy.getByLabel("Minimum lifetime");
  const maximum = policy.getByLabel("Maximum lifetime");
  const save = policy.getByRole("button", { name: "Save policy" });
  const originalMin = await minimum.inputValue();
  await expect(maximum).not.toHaveValue("365");
  await expect(save).toBeDisabled();

  await minimum.fill("800");
  await maximum.fill("700");
  await save.click();
  await expect(policy.getByText("Minimum lifetime cannot be more than the maximum lifetime.")).toBeVisible();
  await expect(minimum).toHaveAttribute("aria-invalid", "true");

  await minimum.fill(originalMin);
  await maximum.fill("365");
  await expect(policy.getByText("Minimum lifetime cannot be more than the maximum lifetime.")).toBeHidden();
  // Every policy change needs a fresh step-up: without the code it is not sent.
  const code = policy.getByLabel("Authenticator code");
  await code.fill("");
  await save.click();
  await expect(policy.getByText("Enter the 6-digit code from your authenticator app.")).toBeVisible();
  await code.fill(await ownerTotpCode());
  await save.click();
  await expect(page.getByText("Key policy saved")).toBeVisible();
  await expect(save).toBeDisabled();

  await page.reload();
  await expect(policy.getByLabel("Maximum lifetime")).toHaveValue("365");
  await expect(policy.getByLabel("Minimum lifetime")).toHaveValue(originalMin);
});

test("the owner adds, describes and removes a permission; keys:manage cannot be removed", async ({
  page,
}) => {
  const name = `catalog:${uniqueName("register")}`;
  await openSettings(page);

  await expect(page.getByRole("button", { name: /Remove keys:manage/ })).toBeDisabled();

  await page.getByRole("button", { name: "Add permission" }).click();
  const add = page.getByRole("dialog", { name: "Add permission" });
  await add.getByLabel("Name").fill("Catalog Register");
  await add.getByRole("button", { name: "Add permission" }).click();
  await expect(
    add.getByText("Use lower-case words separated by colons, like catalog:register."),
  ).toBeVisible();
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Description").fill("Register datasets in the catalog");
  await add.getByRole("button", { name: "Add permission" }).click();
  await expect(add).toBeHidden();
  await expect(page.getByText(`Permission ${name} added`)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Register datasets in the catalog");

  // The same name again is refused next to the field.
  await page.getByRole("button", { name: "Add permission" }).click();
  await add.getByLabel("Name").fill(name);
  await add.getByRole("button", { name: "Add permission" }).click();
  await expect(add.getByText(/already exists/)).toBeVisible();
  await add.getByRole("button", { name: "Cancel" }).click();

  await row.getByRole("button", { name: `Edit description of ${name}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${name}` });
  await edit.getByLabel("Description").fill("Register and update datasets");
  await edit.getByRole("button", { name: "Save description" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("Register and update datasets");

  await row.getByRole("button", { name: `Remove ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Remove ${name}?` });
  await confirm.getByRole("button", { name: "Remove permission" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`Permission ${name} removed`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
});

test("expiry warnings: the owner sets them, the overview counts at each, the key table filters by them", async ({
  page,
}) => {
  await openSettings(page);
  const policy = page.getByRole("form", { name: "Key policy" });
  const warnings = policy.getByLabel("Expiry warnings");
  await expect(warnings).toHaveValue("14, 7, 1");
  await warnings.fill("7, soon");
  await policy.getByLabel("Authenticator code").fill(await ownerTotpCode());
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(
    policy.getByText("List up to 5 whole numbers of days from 1 to 365, like 14, 7, 1."),
  ).toBeVisible();
  await warnings.fill("7 30");
  await policy.getByLabel("Authenticator code").fill(await ownerTotpCode());
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByText("Key policy saved")).toBeVisible();
  await expect(warnings).toHaveValue("30, 7");

  await nav(page, "Overview").click();
  await expect(page.getByText("Expiring within 30 days")).toBeVisible();
  const buckets = page.locator('dl[aria-label="Keys expiring, by warning"]');
  await expect(buckets.getByText("Within 7 days")).toBeVisible();
  await expect(buckets.getByText("Within 30 days")).toBeVisible();

  // The overview's stat card opens the key table filtered at the earliest warning.
  await page.getByRole("link", { name: /Expiring within 30 days/ }).click();
  await expect(page).toHaveURL(/keys\?expiresWithin=30/);
  await page.getByRole("button", { name: "Expires within: 30 days" }).click();
  await expect(page.getByRole("menuitemradio", { name: "7 days" })).toBeVisible();
  await page.getByRole("menuitemradio", { name: "90 days" }).click();
  await expect(page).toHaveURL(/expiresWithin=90/);
  await expect(page.getByRole("button", { name: "Expires within: 90 days" })).toBeVisible();
  await expect(page.getByText("No keys match")).toBeVisible();
});
