import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { currentTotpCode, TOTP_PERIOD_SECONDS, totpStep } from "../lib/auth/totp";
import { OWNER } from "./support";

// Authenticator codes for e2e tests. The server refuses a code of a time step it has already
// accepted (or an older one), so every code handed out here is for a step later than the last one
// used with that secret; when none is left in the current 30-second step, we wait for the next.
// The owner's secret and the last step used are kept in files, so every spec file (and a restarted
// worker) shares them: e2e/a-security.spec.ts runs first and leaves the owner enrolled.

export const OWNER_TOTP_FILE = "e2e/.auth/owner-totp.txt";
const LAST_STEPS_FILE = "e2e/.auth/totp-last-steps.json";

type LastSteps = Record<string, number>;

function readLastSteps(): LastSteps {
  if (!existsSync(LAST_STEPS_FILE)) return {};
  try {
    return JSON.parse(readFileSync(LAST_STEPS_FILE, "utf8")) as LastSteps;
  } catch {
    return {};
  }
}

function writeFileMakingDir(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * The code of the first time step after `lastStep` (null: the current step), waiting for that step
 * to begin if needed. The running test's timeout is extended by the wait.
 */
export async function nextTotpCode(
  secret: string,
  lastStep: number | null,
): Promise<{ code: string; step: number }> {
  if (lastStep !== null && totpStep() <= lastStep) {
    // 50 ms past the boundary, so the server's clock is in the new step too.
    const waitMs = (lastStep + 1) * TOTP_PERIOD_SECONDS * 1000 - Date.now() + 50;
    const info = test.info();
    info.setTimeout(info.timeout + waitMs);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  const now = new Date();
  return { code: currentTotpCode(secret, now), step: totpStep(now) };
}

/** The time step of the last code handed out for this secret, or null. */
export function lastTotpStep(secret: string): number | null {
  return readLastSteps()[secret] ?? null;
}

/** A code the server has not seen yet for this secret; remembers its step for the next call. */
export async function totpCode(secret: string): Promise<string> {
  const { code, step } = await nextTotpCode(secret, lastTotpStep(secret));
  writeFileMakingDir(LAST_STEPS_FILE, JSON.stringify({ ...readLastSteps(), [secret]: step }));
  return code;
}

/** Six digits that are none of the codes the server would accept right now. */
export function wrongTotpCode(secret: string): string {
  const now = Date.now();
  const valid = new Set(
    [-1, 0, 1].map((offset) => currentTotpCode(secret, new Date(now + offset * TOTP_PERIOD_SECONDS * 1000))),
  );
  return ["000000", "111111", "222222"].find((code) => !valid.has(code)) ?? "333333";
}

/**
 * Sets up an authenticator for the signed-in user through the security page, as a person would:
 * reads the setup key shown under the QR code and confirms with a first code. Returns the secret.
 */
export async function enrolTotpViaUi(page: Page): Promise<string> {
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Set up an authenticator app" });
  const setupKey = dialog.getByLabel("Setup key", { exact: true });
  await expect(setupKey).toHaveText(/^[A-Z2-7 ]{16,}$/);
  const secret = ((await setupKey.textContent()) ?? "").replace(/\s/g, "");
  await dialog.getByLabel("Verification code").fill(await totpCode(secret));
  await dialog.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Enabled since")).toBeVisible();
  return secret;
}

export function saveOwnerTotpSecret(secret: string): void {
  writeFileMakingDir(OWNER_TOTP_FILE, `${secret}\n`);
}

export function readOwnerTotpSecret(): string | null {
  return existsSync(OWNER_TOTP_FILE) ? readFileSync(OWNER_TOTP_FILE, "utf8").trim() || null : null;
}

/**
 * The owner's authenticator secret, for specs that need step-up codes. Normally a-security.spec.ts
 * has enrolled the owner and saved it; run alone, a spec gets the owner enrolled here. A file left
 * by an earlier run (each run starts with a fresh database) is never trusted blindly: the page
 * tells whether the owner is enrolled in this run's database.
 */
export async function ensureOwnerTotp(page: Page): Promise<string> {
  await page.goto("/account/security");
  const remove = page.getByRole("button", { name: "Remove authenticator" });
  const setUp = page.getByRole("button", { name: "Set up authenticator" });
  await expect(remove.or(setUp)).toBeVisible();
  const saved = readOwnerTotpSecret();
  if (saved && (await remove.isVisible())) return saved;
  if (await remove.isVisible()) await removeTotpWithPassword(page, OWNER.password);
  const secret = await enrolTotpViaUi(page);
  saveOwnerTotpSecret(secret);
  return secret;
}

/** Removes the signed-in user's authenticator with their password (the "lost my phone" path). */
export async function removeTotpWithPassword(page: Page, password: string): Promise<void> {
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Remove authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the authenticator app?" });
  await dialog.getByRole("tab", { name: "Use your password" }).click();
  await dialog.getByLabel("Current password").fill(password);
  await dialog.getByRole("button", { name: "Remove authenticator" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Set up authenticator" })).toBeVisible();
}
