import { expect, test } from "@playwright/test";
import { ORG, SIGNED_OUT } from "./support";

test.use({ storageState: SIGNED_OUT });

const CONSOLE_PAGES = [
  "/",
  "/orgs/new",
  ORG,
  `${ORG}/systems`,
  `${ORG}/systems/some-system-id`,
  `${ORG}/keys`,
  `${ORG}/audit`,
  `${ORG}/members`,
  `${ORG}/settings`,
  "/account/security",
];

for (const path of CONSOLE_PAGES) {
  test(`a signed-out visitor to ${path} is sent to sign-in`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
}
