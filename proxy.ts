import { NextResponse, type NextRequest } from "next/server";

// A convenience only: visitors without a session cookie are sent to sign-in before any console
// page renders. Every page, action and route still checks the session and role on the server.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  const callback = request.nextUrl.pathname + request.nextUrl.search;
  if (callback !== "/") url.searchParams.set("callbackUrl", callback);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/orgs/:path*", "/account/:path*"],
};
