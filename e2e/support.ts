import { expect, type Locator, type Page } from "@playwright/test";

// The first owner created by the first-run set-up; every other test signs in as this user
// (storage state saved by first-run.setup.ts) or signs in again explicitly.
export const OWNER = {
  name: "Olivia Owner",
  email: "owner@example.test",
  password: "correct horse battery staple",
  organization: "Acme Platform",
};

export async function signIn(page: Page, email = OWNER.email, password = OWNER.password): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** A link of the sidebar navigation. */
export function nav(page: Page, name: string): Locator {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}
