import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { addMember, removeMember, setPasswordThroughLink } from "./members";
import {
  createSystem,
  deleteSystem,
  nav,
  ORG,
  OWNER,
  OWNER_STATE,
  SIGNED_OUT,
  signIn,
  signOut,
  uniqueName,
} from "./support";

// Roles end to end: the owner invites an auditor and a member (each gets a one-time invitation link),
// each sets a password in a fresh browser and signs in, and each sees exactly what their role allows.
// Authorization is enforced on the server; these checks prove the console shows it honestly too.
test.describe.configure({ mode: "serial" });

const PASSWORD = "a long enough passphrase";
const tag = uniqueName("roles");
const people = {
  auditor: { name: "Audrey Auditor", email: `auditor-${tag}@example.test`, link: "" },
  member: { name: "Milo Member", email: `member-${tag}@example.test`, link: "" },
};
const systems = { shared: `shared-${tag}`, hidden: `hidden-${tag}` };

/** A browser of its own that sets its password through the link (a too-short one refused first). */
async function joinWithPassword(browser: Browser, who: { name: string; link: string }) {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await page.goto(who.link);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
  await setPasswordThroughLink(page, who, PASSWORD);
  return { context, page };
}

async function expectNotFound(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
}

test("the owner invites an auditor and a member, each with a one-time link, and puts the member in one system", async ({
  page,
  browser,
}) => {
  await page.goto(ORG);
  await nav(page, "Members").click();
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  people.auditor.link = await addMember(page, people.auditor, "Auditor");
  people.member.link = await addMember(page, people.member, "Member");

  // Inviting the same email again is refused next to the field.
  await page.getByRole("button", { name: "Add member" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add member" });
  await dialog.getByLabel("Email").fill(people.member.email.toUpperCase());
  await dialog.getByRole("button", { name: "Add member" }).click();
  await expect(dialog.getByText(/already has a pending invitation/)).toBeVisible();
  // Making someone an admin or owner is a grant over keys: the dialog asks for the owner's code.
  await expect(dialog.getByLabel("Authenticator code")).toHaveCount(0);
  await dialog.getByRole("radio", { name: "Admin", exact: true }).click();
  await expect(dialog.getByLabel("Authenticator code")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // A person becomes a member (and can be put in a system) only once they accept.
  const member = await joinWithPassword(browser, people.member);
  await member.context.close();

  await createSystem(page, systems.hidden);
  await createSystem(page, systems.shared);
  const section = page.getByRole("region", { name: "Members" });
  await expect(section.getByText("No system admins or members yet")).toBeVisible();
  await section.getByRole("button", { name: "Add to system" }).click();
  const add = page.getByRole("dialog", { name: `Add to ${systems.shared}` });
  await add.getByRole("combobox", { name: "Member" }).click();
  await page.getByRole("option", { name: new RegExp(people.member.email) }).click();
  await add.getByRole("button", { name: "Add to system" }).click();
  await expect(add).toBeHidden();
  await expect(section.getByRole("row", { name: new RegExp(people.member.email) })).toContainText(
    "System member",
  );
});

test("the auditor sets a password, signs in, reads systems, keys, members and the audit log, and can change nothing", async ({
  browser,
}) => {
  const { context, page } = await joinWithPassword(browser, people.auditor);
  // The password really is theirs: sign out and back in with it.
  await signOut(page);
  await signIn(page, people.auditor.email, PASSWORD);

  await nav(page, "Systems").click();
  await expect(page.getByRole("heading", { name: "Systems", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: systems.shared })).toBeVisible();
  await expect(page.getByRole("link", { name: systems.hidden })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create system" })).toHaveCount(0);
  await page.getByRole("link", { name: systems.shared }).click();
  await expect(page.getByRole("heading", { name: systems.shared, level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  const section = page.getByRole("region", { name: "Members" });
  await expect(section.getByRole("row", { name: new RegExp(people.member.email) })).toBeVisible();
  await expect(section.getByRole("button", { name: "Add to system" })).toHaveCount(0);
  await expect(section.getByRole("button", { name: /Actions for/ })).toHaveCount(0);

  await nav(page, "Organization keys").click();
  await expect(page.getByRole("heading", { name: "Organization keys", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);

  await nav(page, "Audit").click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  // Auditors read and download signed checkpoints; only owners and admins create them.
  await expect(page.getByRole("region", { name: "Signed checkpoints" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create checkpoint now" })).toHaveCount(0);
  // Other specs write to the log meanwhile: search for the member this spec added.
  await page.getByRole("searchbox", { name: "Search actor, target, action" }).fill(people.member.email);
  // The search reaches the URL after a debounce; wait for it, or it would pull a later click back here.
  await expect(page).toHaveURL(/[?&]q=/);
  const entries = page.getByRole("table", { name: "Audit log entries" }).getByRole("row");
  await expect(entries.filter({ hasText: people.member.email }).first()).toBeVisible();

  // An auditor reads everything an owner does: the sidebar needs no hint.
  await expect(page.getByTestId("nav-hint")).toHaveCount(0);
  await nav(page, "Settings").click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  await nav(page, "Members").click();
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(OWNER.email) })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Actions for/ })).toHaveCount(0);
  await context.close();
});

test("the member signs in with their password and sees only their system, no audit log and no members", async ({
  browser,
}) => {
  const { context, page } = await signedInContext(browser, people.member.email);
  await page.goto(ORG);
  await expect(page.getByText("Recent activity")).toHaveCount(0);
  // The sidebar lists only what a member may open, and the overview counts only their system.
  const sidebar = page.getByRole("navigation", { name: "Main" });
  await expect(sidebar.getByRole("link", { name: "Systems" })).toBeVisible();
  for (const hidden of ["Organization keys", "Audit", "Members", "Settings"]) {
    await expect(sidebar.getByRole("link", { name: hidden })).toHaveCount(0);
  }
  // Why they are missing, and whom to ask.
  await expect(sidebar.getByTestId("nav-hint")).toHaveText(
    "Organization keys, Audit, Members, Settings: for owners, admins and auditors. Ask an owner if you need them.",
  );
  await expect(page.getByRole("link", { name: /^Systems\s*1$/ })).toBeVisible();

  await nav(page, "Systems").click();
  await expect(page.getByRole("heading", { name: "Systems", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: systems.shared })).toBeVisible();
  await expect(page.getByRole("link", { name: systems.hidden })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create system" })).toHaveCount(0);
  await page.getByRole("link", { name: systems.shared }).click();
  await expect(page.getByRole("heading", { name: systems.shared, level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Members" })).toHaveCount(0);
  const hiddenId = await systemIdByName(browser, systems.hidden);
  await expectNotFound(page, `${ORG}/systems/${hiddenId}`);

  await expectNotFound(page, `${ORG}/audit`);
  await expectNotFound(page, `${ORG}/members`);
  await expectNotFound(page, `${ORG}/keys`);
  await expectNotFound(page, `${ORG}/settings`);
  await context.close();
});

test("a used link cannot be used again", async ({ browser }) => {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await page.goto(people.member.link);
  await expect(page.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await expect(page.getByLabel("New password")).toHaveCount(0);
  await context.close();
});

test("a removed member loses access at once, even in an open tab; the owner cleans up", async ({
  page,
  browser,
}) => {
  const member = await signedInContext(browser, people.member.email);
  await member.page.goto(`${ORG}/systems`);
  await expect(member.page.getByRole("link", { name: systems.shared })).toBeVisible();

  for (const who of [people.member, people.auditor]) await removeMember(page, who.email);

  // The member's open tab: the next click finds the session ended (they belong to no organization).
  await member.page.getByRole("link", { name: systems.shared }).click();
  await expect(member.page).toHaveURL(/\/sign-in/);
  await member.context.close();
  for (const name of Object.values(systems)) await deleteSystem(page, name);
});

async function signedInContext(
  browser: Browser,
  email: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  return { context, page };
}

/** The id of a system, read as the owner (whose storage state the default context holds). */
async function systemIdByName(browser: Browser, name: string): Promise<string> {
  const context = await browser.newContext({ storageState: OWNER_STATE });
  const page = await context.newPage();
  await page.goto(`${ORG}/systems`);
  const href = (await page.getByRole("link", { name }).getAttribute("href")) ?? "";
  await context.close();
  const id = href.split("/").pop() ?? "";
  expect(id).not.toBe("");
  return id;
}
