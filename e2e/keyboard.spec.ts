import { expect, test, type Locator, type Page } from "@playwright/test";
import { STEP_UP_ACCOUNTS, stepUpSecret } from "./step-up-accounts";
import { ORG, uniqueName } from "./support";
import { totpCode } from "./totp";

// A key's life with the keyboard alone (issue 16, item 10): create → reveal → roll → revoke with
// Tab, Enter, Escape and the arrows, never a click. At every stop the focused element must show
// a visible focus indicator (an outline or a ring drawn with box-shadow), as :focus-visible paints it.
test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ storageState: STEP_UP_ACCOUNTS.keyboard.stateFile });

const label = uniqueName("keyboard");

/** The focused element shows a focus indicator: it matches :focus-visible and paints one. */
async function expectVisibleFocus(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const painted = await target.evaluate((element) => {
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== "none" && style.boxShadow !== "";
    return element.matches(":focus-visible") && (outline || ring);
  });
  expect(painted, "the focused element shows a visible focus indicator").toBe(true);
}

/** Tab (forwards) until `target` has the focus, then check its focus indicator. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) break;
    await page.keyboard.press("Tab");
  }
  await expectVisibleFocus(target);
}

/** Arrow down a menu until `item` has the focus. */
async function arrowTo(page: Page, item: Locator, max = 15): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await item.evaluate((element) => element === document.activeElement).catch(() => false)) break;
    await page.keyboard.press("ArrowDown");
  }
  await expect(item).toBeFocused();
}

test("create → reveal → roll → revoke, keyboard only, focus always visible", async ({ page }) => {
  const totp = stepUpSecret(STEP_UP_ACCOUNTS.keyboard);
  await page.goto(`${ORG}/keys`);

  // Create: Tab to the button, Enter; the label field has the focus; Enter submits.
  await tabTo(page, page.getByRole("button", { name: "Create key" }).first());
  await page.keyboard.press("Enter");
  const create = page.getByRole("dialog", { name: "Create an organization key" });
  await expect(create.getByLabel("Label")).toBeFocused();
  await page.keyboard.type(label);
  await page.keyboard.press("Enter");

  // Reveal: the copy button has the focus; Tab to "I have copied it", Enter.
  const reveal = page.getByRole("dialog", { name: "Key created" });
  await expectVisibleFocus(reveal.getByRole("button", { name: "Copy primary secret" }));
  await tabTo(page, reveal.getByRole("button", { name: "I have copied it" }));
  await page.keyboard.press("Enter");
  await expect(reveal).toBeHidden();

  // Find the key: the search box filters the table.
  await tabTo(
    page,
    page.getByRole("searchbox").or(page.getByPlaceholder("Search label or description…")).first(),
  );
  await page.keyboard.type(label);
  const row = page.getByRole("row", { name: new RegExp(label) });
  await expect(row).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);

  // Roll: the row's menu, opened with Enter, closed once with Escape, then ArrowDown to the item.
  const menuButton = row.getByRole("button", { name: `Actions for ${label}` });
  await tabTo(page, menuButton);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();
  await expectVisibleFocus(menuButton);
  await page.keyboard.press("Enter");
  await arrowTo(page, page.getByRole("menuitem", { name: "Roll primary secret…" }));
  await page.keyboard.press("Enter");
  const roll = page.getByRole("dialog", { name: new RegExp(`Roll the primary secret of ${label}`) });
  await expect(roll).toBeVisible();
  await tabTo(page, roll.getByLabel("Authenticator code"));
  await page.keyboard.type(await totpCode(totp));
  await page.keyboard.press("Enter");
  const rolled = page.getByRole("dialog", { name: "Primary secret rolled" });
  await expect(rolled.getByTestId("revealed-secret")).toHaveText(/^kp_/);
  await tabTo(page, rolled.getByRole("button", { name: "I have copied it" }));
  await page.keyboard.press("Enter");
  await expect(rolled).toBeHidden();

  // Revoke: the typed label and a code, Enter.
  await tabTo(page, menuButton);
  await page.keyboard.press("Enter");
  await arrowTo(page, page.getByRole("menuitem", { name: "Revoke…" }));
  await page.keyboard.press("Enter");
  const revoke = page.getByRole("dialog", { name: `Revoke ${label}?` });
  await tabTo(page, revoke.getByLabel(/Type/));
  await page.keyboard.type(label);
  await tabTo(page, revoke.getByLabel("Authenticator code"));
  await page.keyboard.type(await totpCode(totp));
  await page.keyboard.press("Enter");
  await expect(revoke).toBeHidden();
  await expect(row.getByText("Revoked")).toBeVisible();
});
