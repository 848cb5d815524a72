import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { STEP_UP_ACCOUNTS, stepUpSecret } from "./step-up-accounts";
import { createOrgKey, ORG, uniqueName } from "./support";
import { totpCode } from "./totp";

// What a demanding admin reaches for (issue 16, items 7–9): bulk actions over a selection in the
// key table (preview, then change, revoke with the typed count and a code), the command palette
// (Ctrl-K) and "Which key is this?". Each new dialog is scanned by axe like e2e/a11y.spec.ts does,
// and the screenshots land in test-results/screens/.
test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ storageState: STEP_UP_ACCOUNTS.console.stateFile });

const tag = uniqueName("bulk");
const labels = [1, 2, 3].map((n) => `${tag}-${n}`);
const KEYS = `${ORG}/keys`;
let secret = "";

async function serious(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((node) => `${where}: ${v.id} at ${node.target.join(" ")}`));
}

/** Moves the palette's selection with the arrow keys until `option` is selected. */
async function arrowTo(page: Page, option: Locator): Promise<void> {
  await expect(option).toBeVisible();
  for (let i = 0; i < 8 && (await option.getAttribute("aria-selected")) !== "true"; i += 1) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(option).toHaveAttribute("aria-selected", "true");
}

test("bulk: select a range with shift-click, preview, disable, then revoke with the typed count", async ({
  page,
}) => {
  await page.goto(KEYS);
  for (const label of labels) {
    const value = await createOrgKey(page, label);
    if (!secret) secret = value;
  }
  await page.goto(`${KEYS}?q=${tag}&sort=label&dir=asc`);
  await expect(page.getByRole("row", { name: new RegExp(labels[2]!) })).toBeVisible();
  await page.getByRole("checkbox", { name: `Select ${labels[0]}` }).click();
  await page.getByRole("checkbox", { name: `Select ${labels[2]}` }).click({ modifiers: ["Shift"] });
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar).toContainText("3 selected");
  await expect(page.getByRole("checkbox", { name: `Select ${labels[1]}` })).toBeChecked();
  await page.screenshot({ path: "test-results/screens/bulk-selection-1440.png", fullPage: true });
  const found = await serious(page, "bulk selection");

  await bar.getByRole("button", { name: "Disable" }).click();
  const disable = page.getByRole("dialog", { name: "Disable keys?" });
  await expect(disable).toContainText("3 keys would change");
  await expect(disable.getByRole("columnheader", { name: "Calls (24 h)" })).toBeVisible();
  found.push(...(await serious(page, "bulk preview dialog")));
  await disable.getByRole("button", { name: "Disable 3 keys" }).click();
  const done = page.getByRole("dialog", { name: "Disable: done" });
  await expect(done).toContainText("3 changed, 0 skipped");
  await done.getByRole("button", { name: "Done" }).click();
  for (const label of labels) {
    await expect(page.getByRole("row", { name: new RegExp(label) })).toContainText("Disabled");
  }

  await page.getByRole("checkbox", { name: "Select every row on this page" }).click();
  await bar.getByRole("button", { name: "Revoke" }).click();
  const revoke = page.getByRole("dialog", { name: "Revoke keys?" });
  await expect(revoke).toContainText("3 keys would change");
  const apply = revoke.getByRole("button", { name: "Revoke 3 keys" });
  await expect(apply).toBeDisabled();
  await revoke.getByLabel('Type "revoke 3 keys" to confirm').fill("revoke 3 keys");
  await revoke.getByLabel("Authenticator code").fill(await totpCode(stepUpSecret(STEP_UP_ACCOUNTS.console)));
  found.push(...(await serious(page, "bulk revoke dialog")));
  await apply.click();
  await expect(page.getByRole("dialog", { name: "Revoke: done" })).toContainText("3 changed");
  await page.getByRole("button", { name: "Done" }).click();
  for (const label of labels) {
    await expect(page.getByRole("row", { name: new RegExp(label) })).toContainText("Revoked");
  }
  expect(found, found.join("\n")).toEqual([]);
});

test("the palette opens with Ctrl-K and jumps with the keyboard alone", async ({ page }) => {
  await page.goto(ORG);
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  await page.keyboard.type("revoked keys");
  const audit = palette.getByRole("option", { name: "Audit: revoked keys" });
  await expect(audit).toBeVisible();
  // The arrows move the selection (the keys search for the typed text comes first).
  await arrowTo(page, audit);
  await page.screenshot({ path: "test-results/screens/palette-1440.png" });
  const found = await serious(page, "command palette");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/audit\?action=key\.revoked/);
  await expect(palette).toBeHidden();

  await page.keyboard.press("Control+k");
  await page.keyboard.type(tag);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/keys\\?q=${tag}`));
  await expect(page.getByRole("row", { name: new RegExp(labels[0]!) })).toBeVisible();
  expect(found, found.join("\n")).toEqual([]);
});

test("which key is this? a pasted secret opens its key; an unknown one is not found", async ({ page }) => {
  await page.goto(ORG);
  await page.keyboard.press("Control+k");
  await page.keyboard.type("which key");
  await arrowTo(page, page.getByRole("option", { name: /Which key is this/ }));
  await page.keyboard.press("Enter");
  const find = page.getByRole("dialog", { name: "Which key is this?" });
  await expect(find).toBeVisible();
  const found = await serious(page, "find key dialog");
  const field = find.getByLabel("Secret, key id or last 4 characters");
  await field.fill(`${secret.slice(0, -2)}zz`);
  await field.press("Enter");
  await expect(find.getByText("Not found among the keys you can see.")).toBeVisible();
  await field.fill(secret);
  await field.press("Enter");
  await expect(page).toHaveURL(/\/keys\?key=/);
  await expect(page.getByRole("dialog", { name: new RegExp(labels[0]!) })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press("Escape");
  await page.goto(`${KEYS}?q=${tag}`);
  await expect(page.getByRole("row", { name: new RegExp(labels[0]!) })).toBeVisible();
  await page.getByRole("checkbox", { name: `Select ${labels[0]}` }).click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // On a phone every cell of the row holds its content (no badge runs into the next cell) and the row
  // fits the table without scrolling it sideways, the state badge included.
  const spills = await page.getByRole("row", { name: new RegExp(labels[0]!) }).evaluate((row) => {
    const table = row.closest('[data-slot="table-container"]')!.getBoundingClientRect();
    const found: string[] = [];
    for (const cell of row.querySelectorAll("td")) {
      const box = cell.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.right > table.right + 0.5) found.push(`cell "${cell.textContent}" ends past the table`);
      for (const inner of cell.querySelectorAll("*")) {
        const r = inner.getBoundingClientRect();
        if (r.width > 0 && r.right > box.right + 0.5)
          found.push(`"${inner.textContent}" spills out of its cell`);
      }
    }
    return found;
  });
  expect(spills).toEqual([]);
  await expect(page.getByRole("row", { name: new RegExp(labels[0]!) }).getByText("Revoked")).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/keys-390.png", fullPage: true });
  expect(found, found.join("\n")).toEqual([]);
});
