import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { addMember, ownerTotpCode, removeMember } from "./members";
import {
  createOrganization,
  enterSignInCode,
  ORG,
  OWNER_STATE,
  SIGNED_OUT,
  signIn,
  signOut,
  uniqueName,
} from "./support";
import { enrolTotpWithRecoveryCodes, readRecoveryCodes, totpCode, wrongTotpCode } from "./totp";

// Two-factor sign-in (issue 12, failure 2): a person with an authenticator is asked for its code
// after the password, on the sign-in page; a recovery code works once instead; the password alone
// gives no session, through the page or through Auth.js's own endpoint. Then an organization that
// requires two-factor sends an admin without one to set it up before any of its pages.
test.describe.configure({ mode: "serial" });
test.use({ storageState: SIGNED_OUT });

const PASSWORD = "two factors are better than one";
const person = { name: "Tove Twofactor", email: `${uniqueName("two-factor")}@example.test` };
let context: BrowserContext | undefined;
let page: Page;
let secret = "";
let recoveryCodes: string[] = [];

async function asOwner<T>(browser: Browser, work: (page: Page) => Promise<T>): Promise<T> {
  const owner = await browser.newContext({ storageState: OWNER_STATE });
  try {
    return await work(await owner.newPage());
  } finally {
    await owner.close();
  }
}

/** Opens an invitation link in a browser of the person's own; lands wherever the console sends them. */
async function setPassword(browser: Browser, link: string): Promise<{ context: BrowserContext; page: Page }> {
  const own = await browser.newContext({ storageState: SIGNED_OUT });
  const tab = await own.newPage();
  await tab.goto(link);
  await tab.getByLabel("Name").fill(person.name);
  await tab.getByLabel("New password").fill(PASSWORD);
  await tab.getByLabel("Confirm password").fill(PASSWORD);
  await tab.getByRole("button", { name: "Set password and sign in" }).click();
  return { context: own, page: tab };
}

test.beforeAll(async ({ browser }) => {
  const link = await asOwner(browser, (owner) => addMember(owner, person, "Member"));
  ({ context, page } = await setPassword(browser, link));
  await expect(page).toHaveURL(new RegExp(`${ORG}$`));
});

test.afterAll(async ({ browser }) => {
  await context?.close();
  await asOwner(browser, (owner) => removeMember(owner, person.email));
});

test("recovery codes are shown once at set-up, and sign-in then asks for the code", async () => {
  ({ secret, recoveryCodes } = await enrolTotpWithRecoveryCodes(page));
  expect(new Set(recoveryCodes).size).toBe(10);
  await signOut(page);

  // The password alone leads to the code step, not into the console.
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await expect(page.getByText(`Signing in as ${person.email}`)).toBeVisible();
  expect((await page.context().cookies()).some((c) => c.name.endsWith("authjs.session-token"))).toBe(false);
  await page.goto(ORG);
  await expect(page).toHaveURL(/\/sign-in/);

  // A wrong code is refused next to the field; a current one signs in.
  await signInToCodeStep(page);
  await enterSignInCode(page, wrongTotpCode(secret));
  await expect(page.getByText("That code is not valid.").first()).toBeVisible();
  await enterSignInCode(page, await totpCode(secret));
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
});

test("a recovery code signs in once instead of the code; new ones replace the rest", async () => {
  await signOut(page);
  const [first] = recoveryCodes;
  await signInToCodeStep(page);
  await enterSignInCode(page, first!.toLowerCase());
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();

  await page.goto("/account/security");
  await expect(page.getByTestId("recovery-codes-left")).toContainText("9 of 10 unused");
  await signOut(page);
  await signInToCodeStep(page);
  await enterSignInCode(page, first!);
  await expect(page.getByText("That code is not valid.").first()).toBeVisible();
  await enterSignInCode(page, await totpCode(secret));
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();

  await page.goto("/account/security");
  await page.getByRole("button", { name: "New recovery codes" }).click();
  const dialog = page.getByRole("dialog", { name: "Make new recovery codes?" });
  await dialog.getByLabel("Authenticator code").fill(await totpCode(secret));
  await dialog.getByRole("button", { name: "Make new codes" }).click();
  const fresh = await readRecoveryCodes(page);
  expect(fresh.some((code) => recoveryCodes.includes(code))).toBe(false);
  await expect(page.getByTestId("recovery-codes-left")).toContainText("10 of 10 unused");
  recoveryCodes = fresh;
});

test("Auth.js's own credentials endpoint gives no session for the password alone", async () => {
  const request = page.context().request;
  await signOut(page);
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const post = await request.post("/api/auth/callback/credentials", {
    form: { email: person.email, password: PASSWORD, csrfToken },
    maxRedirects: 0,
  });
  expect(post.headers()["location"] ?? "").toMatch(/error=CredentialsSignin/);
  expect(await (await request.get("/api/auth/session")).json()).toBeNull();
  await page.goto(ORG);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an organization that requires two-factor sends an admin without one to set it up first", async ({
  browser,
}) => {
  const owner = await browser.newContext({ storageState: OWNER_STATE });
  const ownerPage = await owner.newPage();
  const org = await createOrganization(ownerPage, uniqueName("Strict"));
  // While it is off, the overview asks the owner to turn it on.
  await ownerPage.goto(org);
  await expect(ownerPage.getByText("Require two-factor for owners and admins")).toBeVisible();
  await ownerPage.getByRole("link", { name: "Review in Settings" }).click();
  const card = ownerPage.getByRole("form", { name: "Two-factor requirement" });
  await card.getByRole("switch", { name: "Require two-factor for owners and admins" }).click();
  await card.getByRole("button", { name: "Save" }).click();
  await expect(card.getByText("Enter the 6-digit code from your authenticator app.")).toBeVisible();
  await card.getByLabel("Authenticator code").fill(await ownerTotpCode());
  await card.getByRole("button", { name: "Save" }).click();
  await expect(ownerPage.getByText("Two-factor is now required")).toBeVisible();
  await ownerPage.goto(org);
  await expect(ownerPage.getByRole("link", { name: "Review in Settings" })).toHaveCount(0);

  const admin = { name: "Ada Unenrolled", email: `${uniqueName("strict-admin")}@example.test` };
  const link = await addMember(ownerPage, admin, "Admin", org);
  const joined = await setPassword(browser, link);
  try {
    await expect(joined.page).toHaveURL(/\/account\/security\?required=1/);
    // A member from the moment they accepted: the owner sees they have no authenticator yet.
    await ownerPage.goto(`${org}/members`);
    await expect(ownerPage.getByRole("row", { name: new RegExp(admin.email) })).toContainText("Missing");
    await expect(joined.page.getByText("Your organization requires two-factor authentication")).toBeVisible();
    // Every page of the organization sends them back, not only the overview.
    for (const path of [`${org}/systems`, `${org}/keys`]) {
      await joined.page.goto(path);
      await expect(joined.page).toHaveURL(/\/account\/security\?required=1/);
    }
    await enrolTotpWithRecoveryCodes(joined.page, joined.page.url());
    await joined.page.getByRole("link", { name: "Go back to finish what you started" }).click();
    await expect(joined.page).toHaveURL(new RegExp(`${org}$`));
    await expect(joined.page.getByRole("heading", { level: 1 })).toBeVisible();
    await ownerPage.goto(`${org}/members`);
    await expect(ownerPage.getByRole("row", { name: new RegExp(admin.email) })).toContainText("On");
  } finally {
    await joined.context.close();
    await owner.close();
  }
});

async function signInToCodeStep(tab: Page): Promise<void> {
  await tab.goto("/sign-in");
  await tab.getByLabel("Email").fill(person.email);
  await tab.getByLabel("Password").fill(PASSWORD);
  await tab.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(tab.getByLabel("Authentication code")).toBeVisible();
}

// The helper signIn is used by other specs; this one checks it too, for a person with a secret.
test("the shared sign-in helper enters the code for an account with an authenticator", async () => {
  await signIn(page, person.email, PASSWORD, secret);
});
