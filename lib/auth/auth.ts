import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { metaFromHeaders } from "@/lib/http/request-meta";
import { authenticate } from "./sign-in";
import { HOUR_MS } from "@/lib/time";

// Auth.js checks the password (lib/auth/sign-in.ts) and issues a JWT that carries only the id
// of a Session row. lib/auth/session.ts resolves that row on every request, so deleting it
// (sign-out, password change, removal) ends the session on the server at once.

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
  /** The authenticator code or a recovery code, for an account that has an authenticator. */
  code: z.string().max(64).optional(),
});

// Cookies: Auth.js's session, CSRF and callback cookies are HttpOnly and SameSite=Lax, and Secure
// (with the __Secure-/__Host- name prefixes) whenever the request arrived over HTTPS, as seen in
// X-Forwarded-Proto from the TLS-terminating proxy. When the public URL is https, they are Secure
// even if a proxy forgets that header. proxy.ts knows both cookie names.
const publicUrlIsHttps = env().KEYPLANE_PUBLIC_URL?.startsWith("https://") === true;

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  secret: env().AUTH_SECRET,
  ...(publicUrlIsHttps ? { useSecureCookies: true } : {}),
  session: { strategy: "jwt", maxAge: (env().KEYPLANE_SESSION_HOURS * HOUR_MS) / 1000 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new SignInRefused("credentials");
        const result = await authenticate(parsed.data, metaFromHeaders(request.headers));
        if (!result.ok) throw new SignInRefused(result.code);
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
});
