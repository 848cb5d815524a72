import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ORG, ownerTotpSecret, SIGNED_OUT } from "./support";
import { totpCode } from "./totp";

// People other than the owner, made the way an owner makes them: "Add member" on the members
// page gives a one-time invitation link (/invite/<token>), which the new person opens in a browser
// of their own to set their name and password.

export type Person = { name: string; email: string };
export type OrgRoleLabel = "Admin" | "Auditor" | "Member";

/** A fresh code of the owner's authenticator (for grants that need a step-up). */
export async function ownerTotpCode(): Promise<string> {
  const secret = ownerTotpSecret();
  if (!secret) throw new Error("The owner has no authenticator yet (first-run.setup.ts sets one up).");
  return totpCode(secret);
}

/**
 * Invites a member to `org` as the signed-in owner; returns their one-time invitation link. Making
 * someone an admin asks for the owner's authenticator code.
 */
export async function addMember(page: Page, who: Person, role: OrgRoleLabel, org = ORG): Promise<string> {
  await page.goto(`${org}/members`);
  await page.getByRole("button", { name: "Add member" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add member" });
  await dialog.getByLabel("Email").fill(who.email);
  await dialog.getByRole("radio", { name: role, exact: true }).click();
  const code = dialog.getByLabel("Authenticator code");
  if (role === "Admin") await code.fill(await ownerTotpCode());
  else await expect(code).toHaveCount(0);
  await dialog.getByRole("button", { name: "Add member" }).click();

  const reveal = page.getByRole("dialog", { name: "Invitation created" });
  await expect(reveal.getByText("Shown only now")).toBeVisible();
  const link = (await reveal.getByTestId("invite-link").textContent()) ?? "";
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]{43}$/);
  await reveal.getByRole("button", { name: "I have copied it" }).click();
  await expect(reveal).toBeHidden();
  const invitations = page.getByRole("region", { name: "Pending invitations" });
  await expect(invitations.getByRole("row", { name: new RegExp(who.email) })).toContainText(role);
  return link;
}

/** Removes a member from `org` as the signed-in owner, through the row's menu and its confirmation. */
export async function removeMember(page: Page, email: string, org = ORG): Promise<void> {
  await page.goto(`${org}/members`);
  await page.getByRole("button", { name: `Actions for ${email}` }).click();
  await page.getByRole("menuitem", { name: "Remove from organization…" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("loses access at once");
  await confirm.getByRole("button", { name: "Remove member" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);
}

/** Revokes a pending invitation of `org` as the signed-in owner, from the members page. */
export async function revokeInvitation(page: Page, email: string, org = ORG): Promise<void> {
  await page.goto(`${org}/members`);
  const invitations = page.getByRole("region", { name: "Pending invitations" });
  await invitations.getByRole("button", { name: `Revoke invitation for ${email}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);
}

/** Opens the invitation link in `page`, sets name and password, and lands signed in on `org`. */
export async function setPasswordThroughLink(
  page: Page,
  who: { name: string; link: string },
  password: string,
  org = ORG,
): Promise<void> {
  await page.goto(who.link);
  await expect(page.getByRole("heading", { name: "Set your password" })).toBeVisible();
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${org}$`));
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
}

/** A browser of the person's own (none of the owner's cookies), signed in through their link. */
export async function joinThroughLink(
  browser: Browser,
  who: { name: string; link: string },
  password: string,
  org = ORG,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await setPasswordThroughLink(page, who, password, org);
  return { context, page };
}
