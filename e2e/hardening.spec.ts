import { expect, test, type Page, type Request } from "@playwright/test";
import { ownerTotpCode, revokeInvitation } from "./members";
import { enterSignInCode, ORG, OWNER, SIGNED_OUT, signIn, uniqueName } from "./support";

// Hardening checks against the running server: security headers, session cookie flags, the
// Origin check that Next.js applies to server actions, Auth.js's own endpoints (/api/auth/*), and
// pages that check the session themselves rather than trusting proxy.ts.

const tag = uniqueName("hardening");

test("every response carries the security headers", async ({ page }) => {
  for (const path of ["/sign-in", ORG, `${ORG}/members`, "/api/auth/session"]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("default-src 'self'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'self'");
    expect(csp, path).not.toContain("unsafe-eval");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("the session cookie is HttpOnly and SameSite=Lax, and Secure when the request came over HTTPS", async ({
    page,
    context,
    browser,
  }) => {
    await signIn(page);
    const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token");
    // Plain HTTP here (127.0.0.1): Secure would make the browser drop it.
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });

    // Behind a TLS-terminating proxy (X-Forwarded-Proto: https) it is named __Host- and marked Secure.
    const https = await browser.newContext({
      storageState: SIGNED_OUT,
      extraHTTPHeaders: { "x-forwarded-proto": "https" },
    });
    const tab = await https.newPage();
    await tab.goto("/sign-in");
    await tab.getByLabel("Email").fill(OWNER.email);
    await tab.getByLabel("Password").fill(OWNER.password);
    await tab.getByRole("button", { name: "Sign in", exact: true }).click();
    // The owner has an authenticator: the session cookie comes with the second step.
    const code = await ownerTotpCode();
    const action = tab.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().includes("/sign-in"),
    );
    await enterSignInCode(tab, code);
    const setCookie = (await (await action).headerValues("set-cookie")).join("\n");
    const session = setCookie.split("\n").find((line) => line.startsWith("__Host-authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
    expect(session).not.toMatch(/;\s*Domain=/i);
    await https.close();
  });

  test("Auth.js endpoints (/api/auth/*) give nothing to a signed-out or forged caller", async ({ page }) => {
    const session = await page.request.get("/api/auth/session");
    expect(session.status()).toBe(200);
    expect(await session.json()).toBeNull();

    const forged = await page.request.get("/api/auth/session", {
      headers: { cookie: "authjs.session-token=eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0." },
    });
    expect(await forged.json()).toBeNull();

    // A cross-site credentials post, even with the right password, has no CSRF token: refused, no cookie.
    const post = await page.request.post("/api/auth/callback/credentials", {
      form: { email: OWNER.email, password: OWNER.password },
      headers: { origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(post.status()).toBeGreaterThanOrEqual(300);
    expect(post.headers()["location"] ?? "").toMatch(/error=MissingCSRF/);
    expect(
      post
        .headersArray()
        .filter((h) => h.name.toLowerCase() === "set-cookie")
        .map((h) => h.value)
        .join("\n"),
    ).not.toContain("session-token=");
  });

  test("a forged session cookie passes proxy.ts, and the page itself still sends the visitor to sign-in", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.addCookies([{ name: "authjs.session-token", value: "forged", url: baseURL ?? "" }]);
    const response = await page.request.get(`${ORG}/members`, {
      headers: { cookie: "authjs.session-token=forged" },
      maxRedirects: 0,
    });
    // proxy.ts only looks for the cookie's presence; the page resolves the session from the database.
    expect([303, 307, 308]).toContain(response.status());
    expect(response.headers()["location"]).toMatch(/\/sign-in/);
    await page.goto(`${ORG}/members`);
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

/** Fills the add-member form and returns the server action request the browser sent. */
async function captureAddMember(page: Page, email: string): Promise<Request> {
  await page.goto(`${ORG}/members`);
  await page.getByRole("button", { name: "Add member" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add member" });
  await dialog.getByLabel("Email").fill(email);
  const sent = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await dialog.getByRole("button", { name: "Add member" }).click();
  const request = await sent;
  await page
    .getByRole("dialog", { name: "Invitation created" })
    .getByRole("button", { name: "I have copied it" })
    .click();
  return request;
}

test("server actions refuse a foreign or null Origin (Next.js compares Origin with Host)", async ({
  page,
  baseURL,
}) => {
  const captured = `captured-${tag}@example.test`;
  const request = await captureAddMember(page, captured);
  const body = request.postData() ?? "";
  expect(body).toContain(captured);
  const headers = await request.allHeaders();
  const replay = (origin: string, email: string) =>
    page.request.post(request.url(), {
      headers: {
        "next-action": headers["next-action"] ?? "",
        "next-router-state-tree": headers["next-router-state-tree"] ?? "",
        "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin,
      },
      data: body.replace(captured, email),
      maxRedirects: 0,
    });

  const refused = { null: `null-origin-${tag}@example.test`, foreign: `foreign-origin-${tag}@example.test` };
  expect((await replay("null", refused.null)).ok()).toBe(false);
  expect((await replay("https://evil.example", refused.foreign)).ok()).toBe(false);
  // The same replay from the console's own origin works, so the refusals above are the Origin check.
  const accepted = `same-origin-${tag}@example.test`;
  expect((await replay(baseURL ?? "", accepted)).status()).toBe(200);

  await page.goto(`${ORG}/members`);
  await expect(page.getByRole("row", { name: new RegExp(accepted) })).toBeVisible();
  for (const email of Object.values(refused))
    await expect(page.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);
  for (const email of [captured, accepted]) await revokeInvitation(page, email);
});
