import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
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

function authConfig(https: boolean): NextAuthConfig {
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
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "sid" in user && typeof user.sid === "string") token.sid = user.sid;
        return token;
      },
      session({ session, token }) {
        return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
      },
      // Auth.js's own redirects (its sign-in and sign-out routes) follow the same rule as ours.
      redirect({ url, baseUrl }) {
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

export const { handlers, auth, signIn, signOut } = NextAuth(async (request) =>
  authConfig(servedOverHttps(request?.headers ?? (await headers()))),
);
