import type { Actor, RequestMeta } from "@/lib/context";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { createSession } from "./session-rows";
import { syncSsoMemberships } from "./sso-membership";

// OpenID Connect single sign-on (README, "Single sign-on"). Auth.js runs the protocol (discovery,
// PKCE, state, nonce, the token exchange, lib/auth/auth.ts); this module decides what the
// provider's claims mean here: which account, which memberships, and a Session row like a
// password sign-in's (lib/auth/sign-in.ts), so idle timeout, revocation and sign-out everywhere
// apply the same.

export type SsoSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string;
  allowedDomains: string[] | undefined;
};

/** The configured provider, or null when SSO is off (issuer, client id and secret all needed). */
export function ssoSettings(): SsoSettings | null {
  const e = env();
  if (!e.KEYPLANE_OIDC_ISSUER || !e.KEYPLANE_OIDC_CLIENT_ID || !e.KEYPLANE_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.KEYPLANE_OIDC_ISSUER,
    clientId: e.KEYPLANE_OIDC_CLIENT_ID,
    clientSecret: e.KEYPLANE_OIDC_CLIENT_SECRET,
    name: e.KEYPLANE_OIDC_NAME,
    scopes: e.KEYPLANE_OIDC_SCOPES,
    allowedDomains: e.KEYPLANE_OIDC_ALLOWED_DOMAINS,
  };
}

/** Audit entries of just-in-time membership name the provider as the actor. */
function ssoActor(settings: Pick<SsoSettings, "name">): Actor {
  return { type: "operator", id: null, label: `${settings.name} (single sign-on)` };
}

export const SSO_REFUSALS = {
  sso_email_unverified:
    "Your identity provider did not confirm your email address, so it cannot be linked to a Keyplane account. Ask your administrator to verify it there.",
  sso_no_email: "Your identity provider did not send an email address. Ask your administrator to release it.",
  sso_domain: "Accounts of that email domain may not sign in here.",
  sso_email_taken: "That email address belongs to an account linked to another single sign-on identity.",
  sso_disabled: "This account is disabled.",
  sso_failed: "Single sign-on did not complete. Try again.",
} as const;

export type SsoRefusal = keyof typeof SSO_REFUSALS;

export type SsoSignInResult =
  | { ok: true; userId: string; email: string; name: string; sessionId: string }
  | { ok: false; code: SsoRefusal };

/** OIDC says email_verified is a boolean; some providers send the string. */
function emailVerified(claims: Record<string, unknown>): boolean {
  return claims.email_verified === true || claims.email_verified === "true";
}

function allowedDomain(email: string, allowed: string[] | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return allowed.includes(domain);
}

/**
 * The account for these validated claims (Auth.js checked the ID token): the one already linked
 * to the provider's subject, else (only when the provider says the email is verified) the account
 * with that email, linked now, or a new account without a password. Then memberships follow the
 * mapped claim, and a Session row is made.
 */
export async function ssoSignIn(
  settings: Pick<SsoSettings, "issuer" | "name" | "allowedDomains">,
  claims: Record<string, unknown>,
  meta: RequestMeta,
): Promise<SsoSignInResult> {
  const db = getDb();
  const sub = typeof claims.sub === "string" ? claims.sub : null;
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!sub) return { ok: false, code: "sso_failed" };
  if (!email.includes("@") || email.length > 254) return { ok: false, code: "sso_no_email" };
  if (!allowedDomain(email, settings.allowedDomains)) return { ok: false, code: "sso_domain" };

  const subject = `${settings.issuer} ${sub}`;
  let user = await db.user.findUnique({ where: { ssoSubject: subject } });
  if (!user) {
    if (!emailVerified(claims)) return { ok: false, code: "sso_email_unverified" };
    const existing = await db.user.findUnique({ where: { email } });
    if (existing?.ssoSubject) return { ok: false, code: "sso_email_taken" };
    const name =
      typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 100) : email;
    user = existing
      ? await db.user.update({ where: { id: existing.id }, data: { ssoSubject: subject } })
      : await db.user.create({ data: { email, name, ssoSubject: subject } });
  }
  if (user.disabledAt) return { ok: false, code: "sso_disabled" };

  await syncSsoMemberships(user, claims, ssoActor(settings), meta);

  const sessionId = await createSession(user.id, meta);
  return { ok: true, userId: user.id, email: user.email, name: user.name, sessionId };
}

/** Auth.js's id of the provider: its callback is <base URL>/api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = "oidc";

/** The sign-in page, showing why SSO refused (only known codes pass the redirect callback). */
export function ssoRefusalPath(code: SsoRefusal): string {
  return `/sign-in?error=${code}`;
}

/** The refusal code of a URL ssoRefusalPath made (absolute or not), else null. */
export function ssoRefusalIn(url: string): SsoRefusal | null {
  let parsed: URL;
  try {
    parsed = new URL(url, "http://keyplane.invalid");
  } catch {
    return null;
  }
  const code = parsed.searchParams.get("error");
  return parsed.pathname === "/sign-in" && isSsoRefusal(code) ? code : null;
}

export function isSsoRefusal(code: string | null | undefined): code is SsoRefusal {
  return typeof code === "string" && Object.hasOwn(SSO_REFUSALS, code);
}
