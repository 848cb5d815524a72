import { expect, test } from "@playwright/test";
import { addMember, joinThroughLink, removeMember, revokeInvitation } from "./members";
import { ORG, SIGNED_OUT, uniqueName } from "./support";

// Members by invitation (README "Security model"): the link's page tells its holder what to do;
// an account that exists signs in and accepts; revoked and renewed links stop working.
test.describe.configure({ mode: "serial" });

const PASSWORD = "a long enough passphrase";
const tag = uniqueName("invite");
const returning = { name: "Rita Returning", email: `returning-${tag}@example.test` };
const renewed = { name: "Nils Renewed", email: `renewed-${tag}@example.test` };

test("an existing account is told to sign in as itself, then accepts and lands on the organization", async ({
  page,
  browser,
}) => {
  // Rita joins, is removed (her account stays), and is invited again.
  const first = await addMember(page, returning, "Member");
  const joined = await joinThroughLink(browser, { ...returning, link: first }, PASSWORD);
  await joined.context.close();
  await removeMember(page, returning.email);
  const link = await addMember(page, returning, "Auditor");

  // The owner (signed in as someone else) holding the link is not offered to accept it.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Sign in as ${returning.email} to accept` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Accept" })).toHaveCount(0);

  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const own = await context.newPage();
  await own.goto(link);
  await expect(own.getByRole("heading", { name: `Sign in as ${returning.email} to accept` })).toBeVisible();
  await own.getByRole("link", { name: "Sign in" }).click();
  await expect(own).toHaveURL(/\/sign-in\?callbackUrl=/);
  await own.getByLabel("Email").fill(returning.email);
  await own.getByLabel("Password").fill(PASSWORD);
  await own.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(own.getByRole("heading", { name: /^Join .+ as Auditor$/ })).toBeVisible();
  await own.getByRole("button", { name: "Accept" }).click();
  await expect(own).toHaveURL(new RegExp(`${ORG}$`));
  await own.goto(link);
  await expect(own.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await context.close();

  await page.goto(`${ORG}/members`);
  await expect(page.getByRole("row", { name: new RegExp(returning.email) })).toContainText("Auditor");
  await removeMember(page, returning.email);
});

test("New link ends the old link; Revoke ends the new one", async ({ page }) => {
  const old = await addMember(page, renewed, "Member");
  const invitations = page.getByRole("region", { name: "Pending invitations" });
  await invitations.getByRole("button", { name: `New link for ${renewed.email}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Make new link" }).click();
  const reveal = page.getByRole("dialog", { name: "Invitation created" });
  const fresh = (await reveal.getByTestId("invite-link").textContent()) ?? "";
  expect(fresh).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  expect(fresh).not.toBe(old);
  await reveal.getByRole("button", { name: "I have copied it" }).click();

  await revokeInvitation(page, renewed.email);

  for (const link of [old, fresh]) {
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  }
});
