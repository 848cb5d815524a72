import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addMember, removeMember, setPasswordThroughLink } from "./members";
import { createSystem, ORG, SIGNED_OUT, uniqueName } from "./support";

// Accessibility: axe-core scans every console page and every dialog a person opens, in the light
// and the dark theme. Any serious or critical WCAG 2 A/AA violation fails the suite; the message
// lists each rule with the elements it found, so the fix can go where the colour or role is made
// (the theme tokens in app/globals.css, components/ui), not on one page.
// Scanning the API reference (every operation's schemas) takes a while on a busy 2-core machine.
test.describe.configure({ mode: "serial", timeout: 360_000 });

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const tag = uniqueName("a11y");
const system = `a11y-system-${tag}`;
const keyLabel = `a11y-key-${tag}`;
const PASSWORD = "an accessible passphrase";
const admin = { name: "Ada Accessible", email: `ada-${tag}@example.test`, link: "" };

/** Serious and critical violations on the page as it is now, one line per rule and element. */
async function scan(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `${where}: ${v.id} (${v.impact}) at ${node.target.join(" ")} — ${node.failureSummary ?? ""}`,
      ),
    );
}

test("set-up: a system with a key, and an admin without an authenticator", async ({ page }) => {
  await createSystem(page, system);
  admin.link = await addMember(page, admin, "Admin");
});

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    async function themed(page: Page) {
      // next-themes follows the system setting: the class on <html> says which theme is painted.
      if (scheme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
      else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
    }

    test(`every console page and dialog (${scheme})`, async ({ page }) => {
      const found: string[] = [];
      const pages: [string, string, RegExp][] = [
        ["overview", ORG, /Overview|Acme Platform/],
        ["systems", `${ORG}/systems`, /Systems/],
        ["organization keys", `${ORG}/keys`, /keys/i],
        ["audit", `${ORG}/audit`, /Audit/],
        ["members", `${ORG}/members`, /Members/],
        ["settings", `${ORG}/settings`, /Settings/],
        ["API", `${ORG}/api`, /API/],
        ["account security", "/account/security", /Security/],
      ];
      for (const [name, path, heading] of pages) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading }).first()).toBeVisible();
        await themed(page);
        found.push(...(await scan(page, name)));
      }

      // A system's page, and the dialogs of its keys.
      await page.goto(`${ORG}/systems`);
      await page.getByRole("link", { name: system, exact: true }).click();
      await expect(page.getByRole("heading", { name: system, level: 1 })).toBeVisible();
      found.push(...(await scan(page, "system page")));

      await page.getByRole("button", { name: "Create key" }).first().click();
      const create = page.getByRole("dialog", { name: `Create a key for ${system}` });
      await create.getByLabel("Label").fill(`${keyLabel}-${scheme}`);
      found.push(...(await scan(page, "create key dialog")));
      await create.getByRole("button", { name: "Create key" }).click();
      const reveal = page.getByRole("dialog", { name: "Key created" });
      await expect(reveal.getByTestId("revealed-secret")).toHaveText(/^kp_/);
      // The create dialog has closed: the reveal stands alone, its copy button focused.
      await expect(page.getByRole("dialog")).toHaveCount(1);
      await expect(reveal.getByRole("button", { name: "Copy primary secret" })).toBeFocused();
      found.push(...(await scan(page, "reveal dialog")));
      await reveal.getByRole("button", { name: "I have copied it" }).click();
      await expect(reveal).toBeHidden();

      const row = page.getByRole("row", { name: new RegExp(`${keyLabel}-${scheme}`) });
      await row.getByRole("button", { name: `Actions for ${keyLabel}-${scheme}` }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      found.push(...(await scan(page, "row menu")));
      await page.keyboard.press("Escape");
      await expect(page.getByRole("menu")).toBeHidden();

      for (const [item, title] of [
        ["Roll primary secret…", "Roll the primary secret of"],
        ["Regenerate primary…", "Regenerate the primary secret of"],
        ["Revoke…", "Revoke"],
      ] as const) {
        // Reopen the menu until it shows (a click during the last menu's fade-out toggles it shut).
        await expect(async () => {
          if (!(await page.getByRole("menu").isVisible())) {
            await row.getByRole("button", { name: `Actions for ${keyLabel}-${scheme}` }).click();
          }
          await expect(page.getByRole("menuitem", { name: item })).toBeVisible({ timeout: 2_000 });
        }).toPass({ timeout: 30_000 });
        await page.getByRole("menuitem", { name: item }).click();
        const dialog = page.getByRole("dialog", { name: new RegExp(title) });
        await expect(dialog).toBeVisible();
        found.push(...(await scan(page, `${item} dialog`)));
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await expect(dialog).toBeHidden();
      }

      // Bulk actions: a selection, and the preview of disabling it.
      await row.getByRole("checkbox", { name: `Select ${keyLabel}-${scheme}` }).click();
      await page
        .getByRole("region", { name: "Bulk actions" })
        .getByRole("button", { name: "Disable" })
        .click();
      const bulk = page.getByRole("dialog", { name: "Disable keys?" });
      await expect(bulk).toContainText("would change");
      found.push(...(await scan(page, "bulk preview dialog")));
      await bulk.getByRole("button", { name: "Cancel" }).click();
      await expect(bulk).toBeHidden();
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Clear" }).click();

      // The command palette and "Which key is this?".
      await page.keyboard.press("Control+k");
      await expect(page.getByRole("dialog", { name: "Command palette" })).toBeVisible();
      found.push(...(await scan(page, "command palette")));
      await page.keyboard.type("which key");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("dialog", { name: "Which key is this?" })).toBeVisible();
      found.push(...(await scan(page, "find key dialog")));
      await page.keyboard.press("Escape");
      await expect(page.getByRole("dialog", { name: "Which key is this?" })).toBeHidden();

      await row.click();
      const details = page.getByRole("dialog", { name: new RegExp(`${keyLabel}-${scheme}`) });
      await expect(details).toBeVisible();
      found.push(...(await scan(page, "key details panel")));
      await page.keyboard.press("Escape");

      // Create system, add member.
      await page.goto(`${ORG}/systems`);
      await page.getByRole("button", { name: "Create system" }).first().click();
      await expect(page.getByRole("dialog", { name: "Create system" })).toBeVisible();
      found.push(...(await scan(page, "create system dialog")));
      await page.goto(`${ORG}/members`);
      await page.getByRole("button", { name: "Add member" }).first().click();
      await expect(page.getByRole("dialog", { name: "Add member" })).toBeVisible();
      found.push(...(await scan(page, "add member dialog")));

      expect(found, found.join("\n")).toEqual([]);
    });

    test(`sign-in, and an admin without an authenticator (${scheme})`, async ({ browser }) => {
      const found: string[] = [];
      const signedOut = await browser.newContext({ storageState: SIGNED_OUT, colorScheme: scheme });
      const page = await signedOut.newPage();
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
      await themed(page);
      found.push(...(await scan(page, "sign-in")));

      if (scheme === "light") await setPasswordThroughLink(page, admin, PASSWORD);
      else await signInAs(page);
      await adminDialogs(page, found);
      await signedOut.close();
      expect(found, found.join("\n")).toEqual([]);
    });
  });
}

async function signInAs(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
}

/** The "authenticator required" alert of a guarded action, and the enrolment dialog. */
async function adminDialogs(page: Page, found: string[]) {
  await page.goto(`${ORG}/keys`);
  await page.goto(`${ORG}/systems`);
  await page.getByRole("link", { name: system, exact: true }).click();
  const label = `${keyLabel}-light`;
  await page
    .getByRole("row", { name: new RegExp(label) })
    .getByRole("button", { name: `Actions for ${label}` })
    .click();
  await page.getByRole("menuitem", { name: "Revoke…" }).click();
  const revoke = page.getByRole("dialog", { name: new RegExp(`Revoke ${label}`) });
  await expect(revoke.getByText("Authenticator required")).toBeVisible();
  found.push(...(await scan(page, "authenticator required alert")));
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await revoke.screenshot({ path: `test-results/screens/authenticator-required-${width}.png` });
  }
  await page.keyboard.press("Escape");
  await page.screenshot({ path: "test-results/screens/key-table-390.png", fullPage: true });
  // The organization's keys, with scope and state side by side: nothing runs past the screen.
  await page.goto(`${ORG}/keys`);
  await expect(page.getByRole("heading", { name: "Organization keys", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/screens/org-keys-390.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/screens/org-keys-1440.png", fullPage: true });

  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up authenticator" }).click();
  const enrol = page.getByRole("dialog", { name: "Set up an authenticator app" });
  await expect(enrol.getByRole("img", { name: /QR code/ })).toBeVisible();
  found.push(...(await scan(page, "enrol authenticator dialog")));
}

test("clean-up", async ({ page }) => {
  // The system keeps its keys (revoking is guarded); its name is unique to this run.
  await removeMember(page, admin.email);
});
