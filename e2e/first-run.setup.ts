import { rmSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { OWNER, OWNER_STATE, OWNER_TOTP_FILE, signIn, signOut } from "./support";
import { enrolTotpViaUi, writeFileMakingDir } from "./totp";

// Runs first, against a fresh database: the console must offer set-up (no default password),
// create the owner and the first organization, and then sign-out/sign-in must work. Sessions,
// secrets and time steps left in e2e/.auth/ by an earlier run belong to another database.
setup.beforeAll(() => rmSync("e2e/.auth", { recursive: true, force: true }));

setup("first-run set-up creates the owner, then sign-out and sign-in work", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Keyplane" })).toBeVisible();

  // Client-side validation shows errors next to the fields.
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();

  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel(/^Password/).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill("not the same password");
  await page.getByLabel("Organization name").fill(OWNER.organization);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Passwords do not match.")).toBeVisible();

  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page).toHaveURL(/\/orgs\/acme-platform$/);
  await expect(page.getByRole("heading", { name: OWNER.organization })).toBeVisible();

  // Set-up is a one-time page.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/orgs\/acme-platform$|\/sign-in/);

  await signOut(page);
  // A wrong password is refused with a readable message.
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill("wrong password!");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("The email or password is not correct.")).toBeVisible();

  await signIn(page);
  await expect(page).toHaveURL(/\/orgs\/acme-platform$/);
  // Granting admin rights and changing the key policy need the owner's authenticator code.
  writeFileMakingDir(OWNER_TOTP_FILE, `${await enrolTotpViaUi(page)}\n`);
  // From now on the owner signs in with the password and then a code (signIn enters it).
  await signOut(page);
  await signIn(page);
  await expect(page).toHaveURL(/\/orgs\/acme-platform$/);
  await page.context().storageState({ path: OWNER_STATE });
});
