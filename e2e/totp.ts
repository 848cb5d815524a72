import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { currentTotpCode, TOTP_PERIOD_SECONDS, totpStep } from "../lib/auth/totp";

// Authenticator codes for e2e tests. The server refuses a code of a time step it has already
// accepted for that account (or an older one), so every code handed out here is for a step later
// than the last one used with that secret; when none is left in the current 30-second step, we
// wait for the next. The last step used is kept in a file per secret, so a retried test (a new
// worker) knows it too, and each step is claimed with a file of its own, so two workers never get
// the same code (the owner's secret signs in and grants in several specs). Step-up specs still
// have secrets of their own (see e2e/step-up-accounts.ts), so they do not wait for each other.

const STEPS_DIR = "e2e/.auth/totp-steps";

function stepFile(secret: string): string {
  // A digest, so the secret itself is not in a file name.
  return join(STEPS_DIR, createHash("sha256").update(secret).digest("hex").slice(0, 16));
}

export function writeFileMakingDir(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The time step of the last code handed out for this secret, or null. */
export function lastTotpStep(secret: string): number | null {
  const file = stepFile(secret);
  if (!existsSync(file)) return null;
  const step = Number(readFileSync(file, "utf8"));
  return Number.isSafeInteger(step) ? step : null;
}

/**
 * The code of the first time step after `lastStep` (null: the current step), waiting for that step
 * to begin if needed. The running test's timeout is extended by the wait.
 */
async function nextTotpCode(
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

/**
 * Claims a time step of a secret for this caller, across workers: creating the claim file fails
 * when another worker made it first (the owner's secret is used by specs in parallel workers).
 */
function claimStep(secret: string, step: number): boolean {
  mkdirSync(STEPS_DIR, { recursive: true });
  try {
    closeSync(openSync(`${stepFile(secret)}.${step}`, "wx"));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** A code the server has not seen yet for this secret; remembers its step for the next call. */
export async function totpCode(secret: string): Promise<string> {
  let last = lastTotpStep(secret);
  for (;;) {
    const { code, step } = await nextTotpCode(secret, last);
    if (claimStep(secret, step)) {
      writeFileMakingDir(stepFile(secret), String(step));
      return code;
    }
    last = step;
  }
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
 * reads the setup key shown under the QR code and confirms with a first code, then reads the ten
 * recovery codes shown once and closes them. Returns the secret and the codes.
 */
export async function enrolTotpWithRecoveryCodes(
  page: Page,
  path = "/account/security",
): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto(path);
  await page.getByRole("button", { name: "Set up authenticator" }).click();
  const dialog = page.getByRole("dialog", { name: "Set up an authenticator app" });
  const setupKey = dialog.getByLabel("Setup key", { exact: true });
  await expect(setupKey).toHaveText(/^[A-Z2-7 ]{16,}$/);
  const secret = ((await setupKey.textContent()) ?? "").replace(/\s/g, "");
  await dialog.getByLabel("Verification code").fill(await totpCode(secret));
  await dialog.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(dialog).toBeHidden();
  const recoveryCodes = await readRecoveryCodes(page);
  await expect(page.getByText("Enabled since")).toBeVisible();
  return { secret, recoveryCodes };
}

/** enrolTotpWithRecoveryCodes, for callers that need only the secret. */
export async function enrolTotpViaUi(page: Page): Promise<string> {
  return (await enrolTotpWithRecoveryCodes(page)).secret;
}

/** The ten codes of the "Your recovery codes" dialog; closes it with "I have saved them". */
export async function readRecoveryCodes(page: Page): Promise<string[]> {
  const dialog = page.getByRole("dialog", { name: "Your recovery codes" });
  await expect(dialog.getByText("Shown only now")).toBeVisible();
  const list = dialog.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(list).toHaveCount(10);
  const codes = (await list.allTextContents()).map((code) => code.trim());
  for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await dialog.getByRole("button", { name: "I have saved them" }).click();
  await expect(dialog).toBeHidden();
  return codes;
}
