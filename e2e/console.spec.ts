import { expect, test } from "@playwright/test";
import {
  createOrganization,
  deleteSystem,
  nav,
  ORG,
  OWNER,
  SIGNED_OUT,
  signIn,
  signOut,
  uniqueName,
} from "./support";

test.describe("a session of its own", () => {
  // "/" opens the organization this session chose last: a fresh sign-in, so that the shared
  // owner session (and the specs using it) are not moved to another organization.
  test.use({ storageState: SIGNED_OUT });

  test("create an organization, switch between organizations, and the choice survives a reload", async ({
    page,
  }) => {
    await signIn(page);
    const name = uniqueName("Org");
    await createOrganization(page, name);

    await page.goto("/");
    await expect(page.getByRole("heading", { name })).toBeVisible();

    await page.getByRole("button", { name: /Switch organization/ }).click();
    await page.getByRole("menuitem", { name: OWNER.organization }).click();
    await expect(page.getByRole("heading", { name: OWNER.organization })).toBeVisible();
    await page.reload();
    await page.goto("/");
    await expect(page.getByRole("heading", { name: OWNER.organization })).toBeVisible();
  });

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

test("create, rename and delete a system, with validation next to the field", async ({ page }) => {
  const name = uniqueName("payments");
  await page.goto(ORG);
  await nav(page, "Systems").click();
  await page.getByRole("button", { name: "Create system" }).first().click();

  const dialog = page.getByRole("dialog", { name: "Create system" });
  await dialog.getByLabel("Name").fill("x");
  await dialog.getByRole("button", { name: "Create system" }).click();
  await expect(dialog.getByText("System name must be at least 2 characters.")).toBeVisible();

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill("Card payments in the EU");
  // This test is about the system itself; creating its first key is covered by connect and keys specs.
  const firstKey = dialog.getByRole("switch", { name: "Also create its first key" });
  if (await firstKey.isChecked()) await firstKey.click();
  await dialog.getByRole("button", { name: "Create system" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("Card payments in the EU")).toBeVisible();

  // A second system with the same name (any case) is refused next to the field.
  await nav(page, "Systems").click();
  await page.getByRole("button", { name: "Create system" }).first().click();
  await dialog.getByLabel("Name").fill(name.toUpperCase());
  await dialog.getByRole("button", { name: "Create system" }).click();
  await expect(dialog.getByText(/already exists/)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog", { name: "Edit system" }).getByLabel("Name").fill(`${name}-eu`);
  await page
    .getByRole("dialog", { name: "Edit system" })
    .getByRole("button", { name: "Save changes" })
    .click();
  await expect(page.getByRole("heading", { name: `${name}-eu` })).toBeVisible();

  await deleteSystem(page, `${name}-eu`);
});
