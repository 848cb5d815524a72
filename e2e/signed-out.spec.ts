import { expect, test } from "@playwright/test";

test.use({ storageState: { cookies: [], origins: [] } });

const CONSOLE_PAGES = [
  "/",
  "/orgs/new",
  "/orgs/acme-platform",
  "/orgs/acme-platform/systems",
  "/orgs/acme-platform/systems/some-system-id",
  "/orgs/acme-platform/keys",
  "/orgs/acme-platform/audit",
  "/orgs/acme-platform/members",
  "/orgs/acme-platform/settings",
  "/account/security",
];

for (const path of CONSOLE_PAGES) {
  test(`a signed-out visitor to ${path} is sent to sign-in`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
}
