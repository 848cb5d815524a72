import { expect, test } from "@playwright/test";
import { nav, OWNER, signIn, signOut, uniqueName } from "./support";

test("create an organization, switch between organizations, and the choice survives a reload", async ({
  page,
}) => {
  const name = uniqueName("Org");
  await page.goto("/");
  await page.getByRole("button", { name: /Switch organization/ }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("heading", { name })).toBeVisible();

  await page.getByRole("button", { name: /Switch organization/ }).click();
  await page.getByRole("menuitem", { name: OWNER.organization }).click();
  await expect(page.getByRole("heading", { name: OWNER.organization })).toBeVisible();
  await page.reload();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: OWNER.organization })).toBeVisible();
});

test("create, rename and delete a system, with validation next to the field", async ({ page }) => {
  const name = uniqueName("payments");
  await page.goto("/");
  await nav(page, "Systems").click();
  await page.getByRole("button", { name: "Create system" }).first().click();

  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("x");
  await dialog.getByRole("button", { name: "Create system" }).click();
  await expect(dialog.getByText("System name must be at least 2 characters.")).toBeVisible();

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill("Card payments in the EU");
  // This test is about the system itself; creating its first key is covered by connect and keys specs.
  const firstKey = dialog.getByRole("switch", { name: /first key/ });
  if ((await firstKey.getAttribute("aria-checked")) === "true") await firstKey.click();
  await dialog.getByRole("button", { name: "Create system" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("Card payments in the EU")).toBeVisible();

  // A second system with the same name (any case) is refused next to the field.
  await nav(page, "Systems").click();
  await page.getByRole("button", { name: "Create system" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill(name.toUpperCase());
  await page.getByRole("dialog").getByRole("button", { name: "Create system" }).click();
  await expect(page.getByRole("dialog").getByText(/already exists/)).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(`${name}-eu`);
  await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: `${name}-eu` })).toBeVisible();

  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm.getByRole("button", { name: "Delete system" })).toBeDisabled();
  await confirm.getByLabel(/Type/).fill(`${name}-eu`);
  await confirm.getByRole("button", { name: "Delete system" }).click();
  await expect(page).toHaveURL(/\/systems$/);
  await expect(page.getByRole("link", { name: `${name}-eu` })).toHaveCount(0);
});

test.describe("sessions", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign out ends the session on the server", async ({ page, context }) => {
    await signIn(page);
    const cookies = await context.cookies();
    await signOut(page);
    // Replaying the old session cookie does not get back in.
    await context.addCookies(cookies);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
