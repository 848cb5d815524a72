import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { currentTotpCode, TOTP_PERIOD_SECONDS, totpStep } from "../lib/auth/totp";
import { addMember, joinThroughLink, removeMember } from "./members";
import { ORG, OWNER_STATE, uniqueName } from "./support";
import { enrolTotpViaUi, lastTotpStep, readRecoveryCodes, totpCode, wrongTotpCode } from "./totp";

// The authenticator app on the security page, for a person of this spec's own who has none yet:
// set-up (wrong and malformed codes refused; recovery codes shown once), then removal with a current
// code only (a used code refused; the password alone is not enough). The tests are one story, in order, in one browser signed in as that person.
test.describe.configure({ mode: "serial" });

const KEYS_PAGE = `${ORG}/keys`;
const PASSWORD = "a phone in every pocket";
const person = { name: "Sami Security", email: `${uniqueName("security")}@example.test` };
let context: BrowserContext | undefined;
let page: Page;
/** The secret enrolled by the first test, for the second to remove with a code. */
let enrolled: string | null = null;

test.beforeAll(async ({ browser }) => {
  const owner = await browser.newContext({ storageState: OWNER_STATE });
  const link = await addMember(await owner.newPage(), person, "Member");
  await owner.close();
  ({ context, page } = await joinThroughLink(browser, { ...person, link }, PASSWORD));
});

test.afterAll(async ({ browser }) => {
  await context?.close();
  const owner = await browser.newContext({ storageState: OWNER_STATE });
  await removeMember(await owner.newPage(), person.email);
  await owner.close();
});

test("a person sent by a guarded action sets up an authenticator; a wrong code is refused", async () => {
  await page.goto(`/account/security?next=${encodeURIComponent(KEYS_PAGE)}`);
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expect(page.getByText("Set up an authenticator app first")).toBeVisible();
  await expect(page.getByText("Not set up")).toBeVisible();

  await page.getByRole("button", { name: "Set up authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Set up an authenticator app" });
  await expect(dialog.getByRole("img", { name: /QR code/ })).toBeVisible();
  const setupKey = dialog.getByLabel("Setup key", { exact: true });
  await expect(setupKey).toHaveText(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  const secret = ((await setupKey.textContent()) ?? "").replace(/\s/g, "");

  // The schema refuses what is not a code before the server is asked.
  await dialog.getByLabel("Verification code").fill("12345");
  await dialog.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(dialog.getByText("Enter the 6-digit code from your authenticator app.")).toBeVisible();

  // A well-formed but wrong code is refused by the server, next to the field.
  await dialog.getByLabel("Verification code").fill(wrongTotpCode(secret));
  await dialog.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(dialog.getByText("That code is not valid.")).toBeVisible();
  await expect(page.getByText("Enabled since")).toHaveCount(0);

  await dialog.getByLabel("Verification code").fill(await totpCode(secret));
  await dialog.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(dialog).toBeHidden();
  // Ten recovery codes, shown once, with a way to keep them.
  const codes = page.getByRole("dialog", { name: "Your recovery codes" });
  await expect(codes.getByRole("button", { name: "Copy codes" })).toBeVisible();
  await expect(codes.getByRole("link", { name: "Download" })).toHaveAttribute(
    "download",
    "keyplane-recovery-codes.txt",
  );
  await readRecoveryCodes(page);
  await expect(page.getByText("Authenticator app enabled")).toBeVisible();
  await expect(page.getByTestId("recovery-codes-left")).toContainText("10 of 10 unused");
  await expect(page.getByText("Enabled since")).toBeVisible();
  await expect(page.getByText("Enabled", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go back to finish what you started" })).toHaveAttribute(
    "href",
    KEYS_PAGE,
  );
  enrolled = secret;
});

test("removing the authenticator needs a current code; the password alone is not offered", async () => {
  if (!enrolled) throw new Error("The first test did not enrol an authenticator.");
  await page.goto("/account/security?next=https://evil.example/");
  // An off-site `next` is ignored: no banner and no link away.
  await expect(page.getByText("Set up an authenticator app first")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Back to console" })).toHaveAttribute("href", "/");

  await page.getByRole("button", { name: "Remove authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the authenticator app?" });
  await expect(dialog.getByText("Your password alone cannot remove it.")).toBeVisible();
  await expect(dialog.getByRole("tab", { name: "Use your password" })).toHaveCount(0);
  await expect(dialog.getByLabel("Current password")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await removeWithCode(page, enrolled);
  // Setting up another one is possible once the first is gone, with that app's own first code.
  const second = await enrolTotpViaUi(page);
  expect(second).not.toBe(enrolled);
  await removeWithCode(page, second);
});

/** Removes the authenticator with a fresh code; the code its set-up was confirmed with is refused. */
async function removeWithCode(page: Page, secret: string): Promise<void> {
  const confirmedStep = lastTotpStep(secret);
  if (confirmedStep === null) throw new Error("No code was used to confirm the set-up.");
  await page.getByRole("button", { name: "Remove authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the authenticator app?" });
  const code = dialog.getByRole("textbox", { name: "Authenticator or recovery code" });
  const submit = dialog.getByRole("button", { name: "Remove authenticator" });
  await submit.click();
  await expect(dialog.getByText("or one of your recovery codes.")).toBeVisible();

  // The code the set-up was confirmed with is refused while it is still inside the drift window
  // (checked only with a few seconds of that window left, so the clock cannot move under us).
  if (totpStep(new Date(Date.now() + 3000)) <= confirmedStep + 1) {
    await code.fill(currentTotpCode(secret, new Date(confirmedStep * TOTP_PERIOD_SECONDS * 1000)));
    await submit.click();
    await expect(dialog.getByText("That code was already used.")).toBeVisible();
  }
  await code.fill(await totpCode(secret));
  await submit.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Authenticator app removed")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set up authenticator" })).toBeVisible();
}
