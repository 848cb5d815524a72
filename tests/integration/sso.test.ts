import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type * as AuthModule from "@/lib/auth/auth";
import { hashPassword } from "@/lib/auth/password";
import { authenticate } from "@/lib/auth/sign-in";
import { loadLiveSession } from "@/lib/auth/session-rows";
import { ssoSettings } from "@/lib/auth/sso";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db";
import { setSsoSettingsAction } from "@/lib/orgs/actions";
import { useTestDatabase } from "../support/db";
import { expectOneAuditEntry } from "../support/audit";
import * as fixtures from "../support/fixtures";
import { startTestOidcProvider, type TestClaims, type TestOidcProvider } from "../support/oidc-provider";

// Single sign-on against a real OpenID provider (tests/support/oidc-provider.ts on a local port)
// through the real Auth.js route handlers (lib/auth/auth.ts; tests/support/setup.ts stands in a
// fake for other tests, this file loads the real one): the browser's part (cookies, redirects,
// the provider's login form) is played here with fetch; discovery, PKCE, state, nonce and the
// token exchange are Auth.js's and the provider's own.

useTestDatabase();

/** The settings page's "Single sign-on" card, saved by whoever is signed in. */
function saveSso(
  organizationId: string,
  settings: { claim: string; mappings: string; requireSso: boolean },
  totpCode: string,
) {
  return setSsoSettingsAction({ organizationId, ...settings, totpCode });
}

const BASE_URL = "http://127.0.0.1:39871";
const CLIENT = { clientId: "keyplane-int", clientSecret: "keyplane-int-secret-0123456789abcdef" };
const meta = { ip: "198.51.100.9", userAgent: "sso-test" };

let idp: TestOidcProvider;
let handlers: { GET: (r: NextRequest) => Promise<Response>; POST: (r: NextRequest) => Promise<Response> };

beforeAll(async () => {
  idp = await startTestOidcProvider({ ...CLIENT, redirectUri: `${BASE_URL}/api/auth/callback/oidc` });
  vi.stubEnv("KEYPLANE_PUBLIC_URL", BASE_URL);
  vi.stubEnv("KEYPLANE_OIDC_ISSUER", idp.issuer);
  vi.stubEnv("KEYPLANE_OIDC_CLIENT_ID", CLIENT.clientId);
  vi.stubEnv("KEYPLANE_OIDC_CLIENT_SECRET", CLIENT.clientSecret);
  vi.stubEnv("KEYPLANE_OIDC_NAME", "Test IdP");
  vi.stubEnv("KEYPLANE_OIDC_SCOPES", "openid profile email groups");
  vi.stubEnv("KEYPLANE_OIDC_ALLOWED_DOMAINS", "example.test, corp.example");
  // env() is read once per process; nothing in this file has read it before this point.
  expect(ssoSettings()?.issuer).toBe(idp.issuer);
  ({ handlers } = await vi.importActual<typeof AuthModule>("@/lib/auth/auth"));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await idp.close();
});

/** Cookies as a browser keeps them for one site. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

async function app(jar: Jar, path: string, init: { method?: string; body?: URLSearchParams } = {}) {
  const request = new NextRequest(new URL(path, BASE_URL), {
    method: init.method ?? "GET",
    headers: {
      cookie: jar.header(),
      "user-agent": meta.userAgent,
      ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: init.body,
  });
  const response = await (request.method === "POST" ? handlers.POST(request) : handlers.GET(request));
  jar.take(response);
  return response;
}

async function idpFetch(jar: Jar, url: string, body?: URLSearchParams) {
  const response = await fetch(url, {
    method: body ? "POST" : "GET",
    headers: {
      cookie: jar.header(),
      ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body,
    redirect: "manual",
  });
  jar.take(response);
  return response;
}

/**
 * "Sign in with Test IdP", then the provider's login form as `login`, back to Keyplane's callback.
 * Returns where Keyplane sends the browser, and whether it set a session cookie.
 */
async function ssoSignIn(login: string, claims: TestClaims) {
  const { to, signedIn } = await ssoSignInKeepingCookies(login, claims);
  return { to, signedIn };
}

async function ssoSignInKeepingCookies(login: string, claims: TestClaims) {
  idp.setAccount(login, claims);
  const jar = new Jar();
  const idpJar = new Jar();
  const { csrfToken } = (await (await app(jar, "/api/auth/csrf")).json()) as { csrfToken: string };
  const start = await app(jar, "/api/auth/signin/oidc", {
    method: "POST",
    body: new URLSearchParams({ csrfToken, callbackUrl: "/" }),
  });
  let url = start.headers.get("location")!;
  expect(url.startsWith(`${idp.issuer}/`)).toBe(true);
  // The provider: authorization request → its login page → the form → back to the redirect URI.
  for (let hops = 0; hops < 10 && url.startsWith(idp.issuer); hops++) {
    let response = await idpFetch(idpJar, url);
    if (response.status === 200) {
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no login form at ${url}`);
      response = await idpFetch(
        idpJar,
        new URL(action, idp.issuer).href,
        new URLSearchParams({ prompt: "login", login, password: "any" }),
      );
    }
    const next = response.headers.get("location");
    if (!next)
      throw new Error(
        `the provider answered ${response.status}: ${(await response.text()).replace(/\s+/g, " ").slice(300, 1400)}`,
      );
    url = new URL(next, idp.issuer).href;
  }
  expect(url).toMatch(new RegExp(`^${BASE_URL}/api/auth/callback/oidc\\?`));
  const done = await app(jar, url.slice(BASE_URL.length));
  const location = new URL(done.headers.get("location")!, BASE_URL);
  return { to: location.pathname + location.search, signedIn: jar.has("authjs.session-token"), jar };
}

async function liveSessions(userId: string) {
  return getDb().session.count({ where: { userId, revokedAt: null } });
}

describe("account linking", () => {
  it("links an existing account by a verified email and gives it a revocable session row", async () => {
    const user = await fixtures.createUser({ email: fixtures.uniqueEmail("linked") });
    const result = await ssoSignInKeepingCookies("linked-1", {
      email: user.email,
      email_verified: true,
      name: "L",
    });
    expect(result).toMatchObject({ to: "/", signedIn: true });
    const after = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.ssoSubject).toBe(`${idp.issuer} linked-1`);
    const [row] = await getDb().session.findMany({ where: { userId: user.id } });
    // The same session row as a password sign-in's: live now, ended by idleness...
    expect(await loadLiveSession(row!.id)).not.toBeNull();
    const idle = new Date(Date.now() + (env().KEYPLANE_SESSION_IDLE_MINUTES + 1) * 60_000);
    expect(await loadLiveSession(row!.id, idle)).toBeNull();
    // ...and by Auth.js's sign-out, on the server.
    const { csrfToken } = (await (await app(result.jar, "/api/auth/csrf")).json()) as { csrfToken: string };
    await app(result.jar, "/api/auth/signout", { method: "POST", body: new URLSearchParams({ csrfToken }) });
    expect(await loadLiveSession(row!.id)).toBeNull();
    expect(await liveSessions(user.id)).toBe(0);
    // The next sign-in finds the account by the provider's subject, even with another email.
    expect(await ssoSignIn("linked-1", { email: "renamed@example.test", email_verified: false })).toEqual({
      to: "/",
      signedIn: true,
    });
    expect(await liveSessions(user.id)).toBe(1);
  });

  it("creates an account without a password for a new verified email", async () => {
    const email = fixtures.uniqueEmail("new");
    expect(await ssoSignIn("new-1", { email, email_verified: true, name: "Nia New" })).toEqual({
      to: "/",
      signedIn: true,
    });
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ name: "Nia New", passwordHash: null });
  });

  it("refuses the first sign-in when the provider does not say the email is verified", async () => {
    const user = await fixtures.createUser({ email: fixtures.uniqueEmail("victim") });
    for (const email_verified of [false, undefined]) {
      const result = await ssoSignIn(`attacker-${String(email_verified)}`, {
        email: user.email,
        email_verified,
      });
      expect(result).toEqual({ to: "/sign-in?error=sso_email_unverified", signedIn: false });
    }
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).ssoSubject).toBeNull();
    expect(await liveSessions(user.id)).toBe(0);
  });

  it("refuses an email outside KEYPLANE_OIDC_ALLOWED_DOMAINS", async () => {
    const email = `outsider-${Date.now()}@elsewhere.example`;
    expect(await ssoSignIn("outsider", { email, email_verified: true })).toEqual({
      to: "/sign-in?error=sso_domain",
      signedIn: false,
    });
    expect(await getDb().user.findUnique({ where: { email } })).toBeNull();
    expect(
      (
        await ssoSignIn("insider", {
          email: fixtures.uniqueEmail("x").replace("example.test", "corp.example"),
          email_verified: true,
        })
      ).signedIn,
    ).toBe(true);
  });
});

describe("just-in-time membership", () => {
  async function mappedOrg() {
    const { org, owner } = await fixtures.createOrgWithOwner("Mapped");
    const secret = await fixtures.enrolTotp(owner);
    await fixtures.signInAs(owner);
    const { entry } = await expectOneAuditEntry("organization.sso_settings_changed", async () =>
      saveSso(
        org.id,
        {
          claim: "groups",
          mappings: "keyplane-owners = owner\nkeyplane-auditors = auditor\n",
          requireSso: false,
        },
        await fixtures.freshTotpCode(owner, secret),
      ),
    );
    expect(entry.changes).toMatchObject({ claim: { before: "", after: "groups" } });
    return { org, owner, secret };
  }

  async function role(organizationId: string, email: string) {
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    const membership = await getDb().membership.findUnique({
      where: { organizationId_userId: { organizationId, userId: user.id } },
    });
    return membership?.role ?? null;
  }

  async function ssoEntries(organizationId: string) {
    return getDb().auditEntry.findMany({
      where: { organizationId, action: { startsWith: "member." } },
      orderBy: { seq: "asc" },
      select: { action: true, actorType: true, actorLabel: true, changes: true },
    });
  }

  it("only an owner changes the mapping, with valid input", async () => {
    const { org, owner, secret } = await mappedOrg();
    const admin = await fixtures.addMember(org.id, "admin");
    await fixtures.signInAs(admin);
    expect(
      await saveSso(org.id, { claim: "groups", mappings: "x = owner", requireSso: false }, "123456"),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await fixtures.signInAs(owner);
    expect(
      await saveSso(
        org.id,
        { claim: "groups", mappings: "keyplane-owners = superuser", requireSso: false },
        await fixtures.freshTotpCode(owner, secret),
      ),
    ).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
  });

  it("adds, changes and removes the membership as the claim says, each audited as the provider", async () => {
    const { org } = await mappedOrg();
    const email = fixtures.uniqueEmail("jit");
    const login = `jit-${Date.now()}`;
    await ssoSignIn(login, { email, email_verified: true, groups: ["keyplane-auditors", "other"] });
    expect(await role(org.id, email)).toBe("auditor");
    await ssoSignIn(login, { email, email_verified: true, groups: ["keyplane-auditors", "keyplane-owners"] });
    expect(await role(org.id, email)).toBe("owner");
    await ssoSignIn(login, { email, email_verified: true, groups: ["keyplane-owners"] });
    expect(await role(org.id, email)).toBe("owner");
    // The claim no longer names a mapped group: the membership goes.
    await ssoSignIn(login, { email, email_verified: true, groups: [] });
    expect(await role(org.id, email)).toBeNull();

    const entries = await ssoEntries(org.id);
    expect(entries.map((e) => [e.action, e.changes])).toEqual([
      ["member.added", { role: { before: null, after: "auditor" } }],
      ["member.role_changed", { role: { before: "auditor", after: "owner" } }],
      ["member.removed", { role: { before: "owner", after: null } }],
    ]);
    for (const entry of entries)
      expect(entry).toMatchObject({ actorType: "operator", actorLabel: "Test IdP (single sign-on)" });
  });

  it("removes the membership when the claim is missing altogether", async () => {
    const { org } = await mappedOrg();
    const email = fixtures.uniqueEmail("gone");
    await ssoSignIn("gone-1", { email, email_verified: true, groups: ["keyplane-auditors"] });
    expect(await role(org.id, email)).toBe("auditor");
    await ssoSignIn("gone-1", { email, email_verified: true });
    expect(await role(org.id, email)).toBeNull();
  });
});

describe("passwords off", () => {
  it("refuses a member's password; an owner's break-glass password works only with a second factor", async () => {
    const { org, owner } = await fixtures.createOrgWithOwner("Sso Only");
    const hash = await hashPassword(fixtures.TEST_PASSWORD);
    const member = await fixtures.addMember(org.id, "member");
    const secondOwner = await fixtures.addMember(org.id, "owner");
    await getDb().user.updateMany({
      where: { id: { in: [owner.id, member.id, secondOwner.id] } },
      data: { passwordHash: hash },
    });
    const secret = await fixtures.enrolTotp(owner);
    const signIn = (email: string, code?: string) =>
      authenticate({ email, password: fixtures.TEST_PASSWORD, code }, meta);

    // Before: passwords work.
    expect(await signIn(member.email)).toMatchObject({ ok: true });

    await fixtures.signInAs(owner);
    expect(
      await saveSso(
        org.id,
        { claim: "", mappings: "", requireSso: true },
        await fixtures.freshTotpCode(owner, secret),
      ),
    ).toMatchObject({ ok: true });

    expect(await signIn(member.email)).toEqual({ ok: false, code: "sso_required" });
    // An owner without a second factor has no break-glass password either.
    expect(await signIn(secondOwner.email)).toEqual({ ok: false, code: "sso_required" });
    // The owner with an authenticator: the password, then the code, as always.
    expect(await signIn(owner.email)).toEqual({ ok: false, code: "totp_required" });
    expect(await signIn(owner.email, await fixtures.freshTotpCode(owner, secret))).toMatchObject({
      ok: true,
    });
    // SSO still signs the member in.
    await getDb().user.update({
      where: { id: member.id },
      data: { email: fixtures.uniqueEmail("member-sso") },
    });
    const { email } = await getDb().user.findUniqueOrThrow({ where: { id: member.id } });
    expect((await ssoSignIn("member-sso", { email, email_verified: true })).signedIn).toBe(true);
  });
});
