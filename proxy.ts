import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, NONCE_HEADER, STRICT_TRANSPORT_SECURITY } from "@/lib/http/csp";
import { servedOverHttps } from "@/lib/http/https";

// Runs before every page, action and route Next.js serves (not its static files):
// - a fresh CSP nonce per request: Next.js reads it from the request's Content-Security-Policy and
//   puts it on its own scripts, so script-src needs no 'unsafe-inline' (README, "Security model");
// - HSTS when the browser came over HTTPS (lib/http/https.ts);
// - a convenience only: visitors without a session cookie are sent to sign-in before any console
//   page renders. Every page, action and route still checks the session and role on the server.
const SESSION_COOKIES = [
  "authjs.session-token",
  "__Secure-authjs.session-token",
  "__Host-authjs.session-token",
];
const SIGNED_IN_AREAS = ["/orgs", "/account"];

export function proxy(request: NextRequest) {
  const https = servedOverHttps(request.headers);
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, https });
  const response = signInFirst(request) ?? pass(request, csp, nonce);
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

function pass(request: NextRequest, csp: string, nonce: string) {
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set(NONCE_HEADER, nonce);
  return NextResponse.next({ request: { headers } });
}

function signInFirst(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const guarded = SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  if (!guarded || SESSION_COOKIES.some((name) => request.cookies.has(name))) return null;
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  const callback = pathname + request.nextUrl.search;
  if (callback !== "/") url.searchParams.set("callbackUrl", callback);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
