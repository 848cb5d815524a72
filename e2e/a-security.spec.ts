import { expect, test, type Page } from "@playwright/test";
import { currentTotpCode, TOTP_PERIOD_SECONDS, totpStep } from "../lib/auth/totp";
import { OWNER } from "./support";
import {
  enrolTotpViaUi,
  lastTotpStep,
  readOwnerTotpSecret,
  saveOwnerTotpSecret,
  totpCode,
  wrongTotpCode,
} from "./totp";

// Named to run before the other console specs: it enrols the owner's authenticator, which the key
// roll, regenerate, revoke and delete tests need, and leaves the owner enrolled with the secret in
// e2e/.auth/owner-totp.txt (read it with readOwnerTotpSecret or ensureOwnerTotp from ./totp).
test.describe.configure({ mode: "serial" });

const KEYS_PAGE = "/orgs/acme-platform/keys";

test("an owner sent by a guarded action sets up an authenticator; a wrong code is refused", async ({
  page,
}) => {
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
  await expect(page.getByText("Authenticator app enabled")).toBeVisible();
  await expect(page.getByText("Enabled since")).toBeVisible();
  await expect(page.getByText("Enabled", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go back to finish what you started" })).toHaveAttribute(
    "href",
    KEYS_PAGE,
  );
  saveOwnerTotpSecret(secret);
});

test("removing the authenticator needs a current code or the password; the owner ends enrolled", async ({
  page,
}) => {
  await page.goto("/account/security?next=https://evil.example/");
  // An off-site `next` is ignored: no banner and no link away.
  await expect(page.getByText("Set up an authenticator app first")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Back to console" })).toHaveAttribute("href", "/");

  const secret = await removeWithCode(page);
  expect(secret).toBeTruthy();
  const second = await enrolTotpViaUi(page);

  await page.getByRole("button", { name: "Remove authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the authenticator app?" });
  await dialog.getByRole("tab", { name: "Use your password" }).click();
  await dialog.getByRole("button", { name: "Remove authenticator" }).click();
  await expect(dialog.getByText("Enter your current password.")).toBeVisible();
  await dialog.getByLabel("Current password").fill(OWNER.password);
  await dialog.getByRole("button", { name: "Remove authenticator" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Not set up")).toBeVisible();
  expect(second).not.toBe(secret);

  // Leave the owner enrolled for the specs that need step-up codes.
  saveOwnerTotpSecret(await enrolTotpViaUi(page));
});

/** Removes the owner's authenticator with a fresh code of the secret saved by the first test. */
async function removeWithCode(page: Page): Promise<string> {
  const secret = readOwnerTotpSecret();
  const confirmedStep = secret ? lastTotpStep(secret) : null;
  if (!secret || confirmedStep === null) throw new Error("The first test did not save the owner's secret.");
  await page.getByRole("button", { name: "Remove authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the authenticator app?" });
  const code = dialog.getByRole("textbox", { name: "Authenticator code" });
  const submit = dialog.getByRole("button", { name: "Remove authenticator" });
  await submit.click();
  await expect(dialog.getByText("Enter the 6-digit code from your authenticator app.")).toBeVisible();

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
  return secret;
}
