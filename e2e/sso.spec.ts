import { expect, test, type Page } from "@playwright/test";
import { BASE_URL, OIDC, OIDC_PORT } from "../playwright.config";
import { startTestOidcProvider, type TestOidcProvider } from "../tests/support/oidc-provider";
import { ownerTotpCode } from "./members";
import { createOrganization, SIGNED_OUT, uniqueName } from "./support";

// Single sign-on in the browser (README, "Single sign-on"): a real OpenID provider on the port the
// e2e server's KEYPLANE_OIDC_ISSUER names (playwright.config.ts), its development login page,
// Auth.js's discovery, PKCE, state, nonce and token exchange.
let idp: TestOidcProvider;

test.beforeAll(async () => {
  idp = await startTestOidcProvider({ ...OIDC, port: OIDC_PORT });
});
test.afterAll(async () => {
  await idp.close();
});

async function signInWithIdp(page: Page, login: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in with ${OIDC.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
}

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a verified account signs in through the provider and lands in the console", async ({ page }) => {
    const login = uniqueName("sso");
    idp.setAccount(login, { email: `${login}@example.test`, email_verified: true, name: "Sam Sso" });
    await signInWithIdp(page, login);
    // A new account in no organization yet: the console offers to create one.
    await expect(page).toHaveURL(new RegExp(`^${BASE_URL}/`));
    await expect(page.getByRole("heading", { name: "Create an organization" })).toBeVisible();
  });

  test("an unverified email is refused with a clear message", async ({ page }) => {
    const login = uniqueName("sso");
    idp.setAccount(login, { email: `${login}@example.test`, email_verified: false, name: "Una Verified" });
    await signInWithIdp(page, login);
    await expect(page).toHaveURL(/\/sign-in\?error=sso_email_unverified/);
    await expect(page.getByText("did not confirm your email address")).toBeVisible();
  });
});

test("the owner maps a group to a role on the settings page; a member of that group joins at sign-in", async ({
  page,
  browser,
}) => {
  const orgName = uniqueName("Sso Org");
  const orgPath = await createOrganization(page, orgName);
  const group = uniqueName("keyplane-auditors");
  await page.goto(`${orgPath}/settings`);
  const sso = page.getByRole("form", { name: "Single sign-on" });
  await sso.getByLabel("Claim").fill("groups");
  await sso.getByLabel("Role mappings").fill(`${group} = superuser`);
  await sso.getByLabel("Authenticator code").fill(await ownerTotpCode());
  await sso.getByRole("button", { name: "Save" }).click();
  await expect(sso.getByText(/Write one mapping per line/)).toBeVisible();
  await sso.getByLabel("Role mappings").fill(`${group} = auditor`);
  await sso.getByLabel("Authenticator code").fill(await ownerTotpCode());
  await sso.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Single sign-on settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Single sign-on" }).getByLabel("Role mappings")).toHaveValue(
    `${group} = auditor`,
  );

  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const member = await context.newPage();
  const login = uniqueName("sso-auditor");
  idp.setAccount(login, {
    email: `${login}@example.test`,
    email_verified: true,
    name: "Avery Auditor",
    groups: [group],
  });
  await signInWithIdp(member, login);
  await expect(member.getByRole("button", { name: "Account menu" })).toBeVisible();
  await member.goto(orgPath);
  await expect(member.getByRole("heading", { name: orgName })).toBeVisible();
  await context.close();

  // The owner sees the provider's change in the members list.
  await page.goto(`${orgPath}/members`);
  await expect(page.getByRole("row").filter({ hasText: `${login}@example.test` })).toContainText("Auditor");
});
