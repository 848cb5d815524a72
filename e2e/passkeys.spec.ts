import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { addMember, removeMember } from "./members";
import { createOrgKey, ORG, OWNER_STATE, SIGNED_OUT, signOut, uniqueName } from "./support";

// Passkeys (README, "Passkeys"; issue 15) through Chromium's virtual authenticator (CDP WebAuthn):
// a passkey-only admin enrols one on the security page, confirms a roll with it, signs in with the
// password and the passkey, and a captured sign-in assertion posted again is refused.
//
// WebAuthn needs a domain as RP ID (an IP address is not one), so this person uses the console at
// http://localhost:<port>; the relying party follows the address the console was opened at
// (lib/auth/webauthn-rp.ts). The owner stays on the configured base URL (127.0.0.1).
test.describe.configure({ mode: "serial" });
test.use({ storageState: SIGNED_OUT });

const PORT = Number(process.env.E2E_PORT ?? 3100);
const LOCAL = `http://localhost:${PORT}`;
const OWNER_BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "passkeys are phishing resistant";
const person = { name: "Pia Passkey", email: `${uniqueName("passkey")}@example.test` };
const keyLabel = uniqueName("passkey-key");
let context: BrowserContext | undefined;
let page: Page;

async function asOwner<T>(browser: Browser, work: (page: Page) => Promise<T>): Promise<T> {
  const owner = await browser.newContext({ storageState: OWNER_STATE, baseURL: OWNER_BASE });
  try {
    return await work(await owner.newPage());
  } finally {
    await owner.close();
  }
}

test.beforeAll(async ({ browser }) => {
  const link = await asOwner(browser, (owner) => addMember(owner, person, "Admin"));
  context = await browser.newContext({ storageState: SIGNED_OUT, baseURL: LOCAL });
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  await page.goto(link.replace(OWNER_BASE, LOCAL));
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${ORG}$`));
});

test.afterAll(async ({ browser }) => {
  await context?.close();
  await asOwner(browser, (owner) => removeMember(owner, person.email));
});

test("enrol a passkey on the security page", async () => {
  await page.goto("/account/security");
  await page.getByLabel("Passkey name").fill("Virtual key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const list = page.getByRole("list", { name: "Passkeys" });
  await expect(list.getByText("Virtual key")).toBeVisible();
  await expect(list).toContainText("Last used never");
});

test("a roll is confirmed with the passkey instead of a code", async () => {
  await page.goto(`${ORG}/keys`);
  await createOrgKey(page, keyLabel);

  await page
    .getByRole("row", { name: new RegExp(keyLabel) })
    .getByRole("button", { name: `Actions for ${keyLabel}` })
    .click();
  await page.getByRole("menuitem", { name: "Roll primary secret…" }).click();
  const roll = page.getByRole("dialog", { name: new RegExp(`Roll the primary secret of ${keyLabel}`) });
  await roll.getByLabel("In 1 hour").check();
  await roll.getByRole("button", { name: "Use a passkey" }).click();
  const rolled = page.getByRole("dialog", { name: "Primary secret rolled" });
  await expect(rolled.getByTestId("revealed-secret")).toHaveText(/^kp_/);
  await rolled.getByRole("button", { name: "I have copied it" }).click();

  await page.goto("/account/security");
  await expect(page.getByRole("list", { name: "Passkeys" })).not.toContainText("Last used never");
});

test("sign in with the password and the passkey; the same assertion posted again is refused", async () => {
  await signOut(page);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();

  // Capture the sign-in action's request carrying the passkey's answer.
  const captured = page.waitForRequest(
    (request) => request.method() === "POST" && (request.postData() ?? "").includes("passkey:"),
  );
  await page.getByRole("button", { name: "Use a passkey" }).click();
  const request = await captured;
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();

  // Replayed from a browser with no session: the challenge was used up, so no session is made.
  const attacker = await page.context().browser()!.newContext({ storageState: SIGNED_OUT, baseURL: LOCAL });
  try {
    const headers = await request.allHeaders();
    delete headers.cookie;
    const replay = await attacker.request.post(request.url(), { headers, data: request.postData() ?? "" });
    expect(await replay.text()).toContain("expired or was already used");
    expect(replay.headers()["set-cookie"] ?? "").not.toContain("authjs.session-token");
    expect((await attacker.cookies()).some((c) => c.name.endsWith("authjs.session-token"))).toBe(false);
  } finally {
    await attacker.close();
  }
});
