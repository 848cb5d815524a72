import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { resolvePublicBaseUrl } from "@/lib/connect/public-url";
import { env } from "@/lib/env";
import { servedOverHttps } from "@/lib/http/https";
import { metaFromHeaders } from "@/lib/http/request-meta";
import { PASSKEY_ANSWER_MAX } from "./passkey-answer";
import { KNOWN_DEVICE_MAX_AGE_MS, knownDeviceCookie, knownDeviceCookieName } from "./known-device";
import { safeCallbackPath } from "./safe-redirect";
import { revokeSession } from "./session-rows";
import { authenticate } from "./sign-in";
import {
  SSO_PROVIDER_ID,
  ssoRefusalIn,
  ssoRefusalPath,
  ssoSettings,
  ssoSignIn,
  type SsoSettings,
} from "./sso";
import { relyingPartyFor } from "./webauthn";
import { HOUR_MS } from "@/lib/time";

// Auth.js checks the password (lib/auth/sign-in.ts) and issues a JWT that carries only the id
// of a Session row. lib/auth/session.ts resolves that row on every request, so revoking it
// (every sign-out path, password change, removal) ends the session on the server at once.

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
  /** The authenticator code, a recovery code or a passkey's answer (lib/auth/passkey-answer.ts). */
  code: z.string().max(PASSKEY_ANSWER_MAX).optional(),
});

// Cookies: HttpOnly and SameSite=Lax. Over HTTPS (lib/http/https.ts: the public URL is https, or
// the TLS-terminating proxy says so) they are Secure, and the session and callback cookies carry
// the __Host- prefix (no Domain, path /: no subdomain can set or shadow them). proxy.ts knows both
// session cookie names.
function hostCookie(name: string) {
  return {
    name: `__Host-${name}`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure: true },
  };
}

/**
 * Auth.js's generic OIDC provider (README, "Single sign-on"): discovery from the issuer, and the
 * PKCE, state and nonce checks, all the library's. The ID token's claims go to lib/auth/sso.ts.
 */
function oidcProvider(settings: SsoSettings): Provider {
  return {
    id: SSO_PROVIDER_ID,
    name: settings.name,
    type: "oidc",
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: settings.scopes } },
  };
}

function authConfig(https: boolean, requestHeaders: Headers): NextAuthConfig {
  const sso = ssoSettings();
  return {
    trustHost: true,
    secret: env().AUTH_SECRET,
    useSecureCookies: https,
    ...(https
      ? {
          cookies: {
            sessionToken: hostCookie("authjs.session-token"),
            callbackUrl: hostCookie("authjs.callback-url"),
          },
        }
      : {}),
    session: { strategy: "jwt", maxAge: (env().KEYPLANE_SESSION_HOURS * HOUR_MS) / 1000 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, code: {} },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) throw new SignInRefused("credentials");
          const result = await authenticate(
            parsed.data,
            metaFromHeaders(request.headers),
            knownDeviceCookie(request.headers),
            relyingPartyFor(resolvePublicBaseUrl(env().KEYPLANE_PUBLIC_URL, request.headers)),
          );
          if (!result.ok) throw new SignInRefused(result.code);
          (await cookies()).set(knownDeviceCookieName(https), result.deviceToken, {
            httpOnly: true,
            sameSite: "lax",
            secure: https,
            path: "/",
            maxAge: KNOWN_DEVICE_MAX_AGE_MS / 1000,
          });
          return { id: result.userId, email: result.email, name: result.name, sid: result.sessionId };
        },
      }),
      ...(sso ? [oidcProvider(sso)] : []),
    ],
    callbacks: {
      // An SSO sign-in is decided (and its Session row made) here; a refusal goes back to the
      // sign-in page with its reason. Credentials sign-ins were decided in authorize().
      async signIn({ user, account, profile }) {
        if (account?.provider !== SSO_PROVIDER_ID) return true;
        if (!sso || !profile) return ssoRefusalPath("sso_failed");
        const result = await ssoSignIn(sso, profile, metaFromHeaders(requestHeaders));
        if (!result.ok) return ssoRefusalPath(result.code);
        Object.assign(user, {
          id: result.userId,
          email: result.email,
          name: result.name,
          sid: result.sessionId,
        });
        return true;
      },
      jwt({ token, user }) {
        if (user && "sid" in user && typeof user.sid === "string") token.sid = user.sid;
        return token;
      },
      session({ session, token }) {
        return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
      },
      // Auth.js's own redirects (its sign-in and sign-out routes) follow the same rule as ours.
      redirect({ url, baseUrl }) {
        const refusal = ssoRefusalIn(url);
        if (refusal) return new URL(ssoRefusalPath(refusal), baseUrl).toString();
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
      },
    },
    events: {
      // Every sign-out through Auth.js (its POST /api/auth/signout as well as signOut()) revokes
      // the server-side session, so a copied cookie stops working.
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await revokeSession(sid);
      },
    },
    logger: {
      // Auth.js logs a stack for every refused sign-in; those are expected and are already counted.
      error(error) {
        if (error instanceof CredentialsSignin) return;
        console.error(`[auth] ${error.name}: ${error.message}`);
      },
      warn() {},
      debug() {},
    },
  };
}

const nextAuth = NextAuth(async (request) => {
  const requestHeaders = request?.headers ?? (await headers());
  return authConfig(servedOverHttps(requestHeaders), requestHeaders);
});

export const { auth, signIn, signOut } = nextAuth;

/**
 * The /api/auth routes see the request at the one base URL the console is reached at
 * (KEYPLANE_PUBLIC_URL, else the browser's Host, lib/connect/public-url.ts), not at the address
 * the server listens on: the OIDC redirect_uri Auth.js sends with the authorization request and
 * again at the token exchange is built from the request's URL, and a provider refuses a redirect
 * URI it does not know (or the exchange, invalid_grant, when the two differ). A plain Request, not
 * a NextRequest: Next's URL turns 127.0.0.1 into localhost, another origin to the provider and to
 * the browser's cookies.
 */
async function atPublicUrl(request: NextRequest): Promise<NextRequest> {
  const base = resolvePublicBaseUrl(env().KEYPLANE_PUBLIC_URL, request.headers);
  const { pathname, search } = new URL(request.url);
  const body =
    request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  const plain = new Request(new URL(pathname + search, base), {
    method: request.method,
    headers: request.headers,
    body,
  });
  // Auth.js reads only what a Request has (its url, method, headers, body).
  return plain as NextRequest;
}

export const handlers = {
  GET: async (request: NextRequest) => nextAuth.handlers.GET(await atPublicUrl(request)),
  POST: async (request: NextRequest) => nextAuth.handlers.POST(await atPublicUrl(request)),
};
