import { expect, test } from "@playwright/test";
import { enterSignInCode, ORG, OWNER, ownerTotpSecret, signIn, SIGNED_OUT } from "./support";
import { totpCode } from "./totp";

// Issue 12, failures 6 and 7 and the session rules, against the real server: an open redirect
// after a real sign-in, Auth.js's own sign-out route leaving the server session alive, and the
// headers that hold scripts to this request's nonce.

const PHISH = ["%2F%09%2Fevil.test%2Fphish", "%2F%0A%2Fevil.test%2Fphish", "%2F%5Cevil.test%2Fphish"];

test.describe("failure 6: callbackUrl leaves the origin", () => {
  test.use({ storageState: SIGNED_OUT });

  for (const callback of PHISH) {
    test(`a real sign-in with callbackUrl=${callback} lands on this origin`, async ({ page, baseURL }) => {
      const origin = new URL(baseURL ?? "").origin;
      await page.goto(`/sign-in?callbackUrl=${callback}`);
      await page.getByLabel("Email").fill(OWNER.email);
      await page.getByLabel("Password").fill(OWNER.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await enterSignInCode(page, await totpCode(ownerTotpSecret() ?? ""));
      await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(origin);

      // Signed in now: the sign-in page sends the visitor on at once, home, not to the other site.
      const again = await page.request.get(`/sign-in?callbackUrl=${callback}`, { maxRedirects: 0 });
      expect(again.status()).toBeLessThan(400);
      const location = again.headers()["location"] ?? "";
      expect(new URL(location, origin).origin).toBe(origin);
      expect(new URL(location, origin).pathname).toBe("/");
    });
  }
});

test.describe("failure 7: Auth.js's own sign-out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("POST /api/auth/signout revokes the session: a copied cookie opens nothing afterwards", async ({
    page,
    context,
  }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await enterSignInCode(page, await totpCode(ownerTotpSecret() ?? ""));
    await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
    const copied = (await context.cookies()).find((c) => c.name === "authjs.session-token");
    expect(copied).toBeDefined();
    const cookie = `authjs.session-token=${copied?.value ?? ""}`;
    const before = await page.request.get(ORG, { headers: { cookie }, maxRedirects: 0 });
    expect(before.status()).toBe(200);

    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const out = await page.request.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
    expect(out.status()).toBeLessThan(400);

    // The attacker's copy of the cookie, replayed after the sign-out.
    const after = await page.request.get(ORG, { headers: { cookie }, maxRedirects: 0 });
    expect([303, 307, 308]).toContain(after.status());
    expect(after.headers()["location"]).toMatch(/\/sign-in/);
  });
});

test.describe("content security policy", () => {
  test.use({ storageState: SIGNED_OUT });

  test("scripts run only with this response's nonce: no 'unsafe-inline', a new nonce each time", async ({
    page,
  }) => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await page.request.get("/sign-in");
      const csp = response.headers()["content-security-policy"] ?? "";
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc).not.toContain("unsafe-inline");
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
      expect(nonce).toBeTruthy();
      nonces.push(nonce ?? "");
      // Next.js put the nonce on its own scripts.
      const html = await response.text();
      expect(html).toContain(`nonce="${nonce}"`);
      expect(response.headers()["strict-transport-security"]).toBeUndefined();
    }
    expect(nonces[0]).not.toBe(nonces[1]);

    // Behind a TLS-terminating proxy: HSTS as well.
    const https = await page.request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  test("the console still works with the policy on: no script is blocked", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await signIn(page);
    await page.goto(`${ORG}/members`);
    await expect(page.getByRole("button", { name: "Add member" }).first()).toBeVisible();
    expect(violations).toEqual([]);
  });
});
