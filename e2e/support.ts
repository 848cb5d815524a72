import { existsSync, readFileSync } from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { totpCode } from "./totp";

// Shared by every spec. The specs run in parallel workers against one server and one database,
// so each spec makes its own systems, keys, members and organizations (unique names from
// uniqueName), removes them when it is done, and looks only at its own rows.
//
// Sign-in throttles count failures per account and per IP for the whole run: every test signs
// in from 127.0.0.1, and the server slows that address after 30 failed sign-ins (browsers that
// signed in before are known devices and are not slowed by it; lib/auth/sign-in.ts).
// A test that checks a refused sign-in does it once, with an account of its own where it can.

/** The first owner, created by first-run.setup.ts, whose session every spec starts with. */
export const OWNER = {
  name: "Olivia Owner",
  email: "owner@example.test",
  password: "correct horse battery staple",
  organization: "Acme Platform",
};

/** Storage state of the owner's session (first-run.setup.ts), shared by the specs. */
export const OWNER_STATE = "e2e/.auth/owner.json";

/**
 * The owner's authenticator secret (first-run.setup.ts). Making someone an admin and changing the
 * key policy need a fresh code; totp.ts hands out each time step once, whichever spec asks.
 */
export const OWNER_TOTP_FILE = "e2e/.auth/owner-totp.txt";

/**
 * The owner's organization. Open pages by their path under it, not through "/": "/" lands on
 * the organization the session chose last, which a spec creating organizations changes.
 */
export const ORG = "/orgs/acme-platform";

/** A browser context with no cookies: signed out. */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** The owner's authenticator secret, once first-run.setup.ts has set it up (else null). */
export function ownerTotpSecret(): string | null {
  return existsSync(OWNER_TOTP_FILE) ? readFileSync(OWNER_TOTP_FILE, "utf8").trim() : null;
}

/**
 * Signs in through the sign-in page. An account with an authenticator (the owner's, once set up;
 * or pass `totpSecret`) is asked for a code in a second step, which gets a fresh one.
 */
export async function signIn(
  page: Page,
  email = OWNER.email,
  password = OWNER.password,
  totpSecret: string | null = email === OWNER.email ? ownerTotpSecret() : null,
): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (totpSecret) await enterSignInCode(page, await totpCode(totpSecret));
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
}

/** The sign-in page's second step: an authenticator code (or a recovery code). */
export async function enterSignInCode(page: Page, code: string): Promise<void> {
  const field = page.getByLabel("Authentication code");
  await expect(field).toBeVisible();
  await field.fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
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

/** Creates an organization from the header's switcher; returns its path (/orgs/<slug>). */
export async function createOrganization(page: Page, name: string): Promise<string> {
  await page.goto(ORG);
  await page.getByRole("button", { name: /Switch organization/ }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * Creates a system on the systems page of `org`, without a first key unless `firstKey`;
 * leaves the browser on the system's page (or on the new key's reveal dialog).
 */
export async function createSystem(
  page: Page,
  name: string,
  options: { org?: string; description?: string; firstKey?: boolean } = {},
): Promise<void> {
  await page.goto(`${options.org ?? ORG}/systems`);
  await page.getByRole("button", { name: "Create system" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create system" });
  await dialog.getByLabel("Name").fill(name);
  if (options.description) await dialog.getByLabel("Description").fill(options.description);
  const firstKey = dialog.getByRole("switch", { name: "Also create its first key" });
  if ((await firstKey.isChecked()) !== Boolean(options.firstKey)) await firstKey.click();
  await dialog.getByRole("button", { name: "Create system" }).click();
  if (!options.firstKey) await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

/** Deletes a system that has no live keys, from its own page: the button waits for its typed name. */
export async function deleteSystem(page: Page, name: string, org = ORG): Promise<void> {
  await page.goto(`${org}/systems`);
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(confirm.getByRole("button", { name: "Delete system" })).toBeDisabled();
  await confirm.getByLabel(/Type/).fill(name);
  await confirm.getByRole("button", { name: "Delete system" }).click();
  await expect(page).toHaveURL(/\/systems$/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
}

/** The key table's row of the key labelled `label`. */
function keyRow(page: Page, label: string): Locator {
  return page.getByRole("row", { name: new RegExp(label) });
}

/**
 * Creates an organization key with only a label, from the keys page open in `page`: the create
 * dialog, then the one-time reveal, closed with "I have copied it". Returns the secret it showed.
 */
export async function createOrgKey(page: Page, label: string): Promise<string> {
  await page.getByRole("button", { name: "Create key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create an organization key" });
  await dialog.getByLabel("Label").fill(label);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "Key created" });
  const secret = (await reveal.getByTestId("revealed-secret").first().textContent()) ?? "";
  expect(secret).toMatch(/^kp_/);
  await reveal.getByRole("button", { name: "I have copied it" }).click();
  await expect(reveal).toBeHidden();
  return secret;
}

/**
 * Revokes a key from its row's menu with the typed label and a code of `totpSecret`; `check` looks
 * at the revoke dialog first. The row stays, marked Revoked.
 */
export async function revokeKey(
  page: Page,
  label: string,
  totpSecret: string,
  check?: (dialog: Locator) => Promise<void>,
): Promise<void> {
  await keyRow(page, label)
    .getByRole("button", { name: `Actions for ${label}` })
    .click();
  await page.getByRole("menuitem", { name: "Revoke…" }).click();
  const revoke = page.getByRole("dialog", { name: `Revoke ${label}?` });
  if (check) await check(revoke);
  await revoke.getByLabel(/Type/).fill(label);
  await revoke.getByLabel("Authenticator code").fill(await totpCode(totpSecret));
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(keyRow(page, label).getByText("Revoked")).toBeVisible();
}

/** Deletes a revoked key from its row's menu with a code of `totpSecret`; its row goes. */
export async function deleteKey(page: Page, label: string, totpSecret: string): Promise<void> {
  await keyRow(page, label)
    .getByRole("button", { name: `Actions for ${label}` })
    .click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  const del = page.getByRole("dialog", { name: `Delete ${label}?` });
  await del.getByLabel("Authenticator code").fill(await totpCode(totpSecret));
  await del.getByRole("button", { name: "Delete key" }).click();
  await expect(keyRow(page, label)).toHaveCount(0);
}
