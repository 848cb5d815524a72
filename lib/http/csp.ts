import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// The Content-Security-Policy proxy.ts sets on every response Next.js serves. Scripts run only
// with this request's nonce (Next.js adds it to its own script tags; node_modules/next/dist/docs/
// 01-app/02-guides/content-security-policy.md) or when loaded by such a script ('strict-dynamic'):
// no 'unsafe-inline' for scripts, on http as on https. Styles keep 'unsafe-inline' (components set
// style attributes, which a nonce cannot cover). React needs eval only in development.
// frame-ancestors 'none' (and X-Frame-Options in next.config.mjs for old browsers) forbids framing.

/** The request header proxy.ts passes the nonce in, for the few inline scripts of our own (app/layout.tsx). */
export const NONCE_HEADER = "x-nonce";

export function newNonce(): string {
  return randomBytes(18).toString("base64");
}

export function contentSecurityPolicy({ nonce, https }: { nonce: string; https: boolean }): string {
  const dev = env().NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Two years, this host only: a self-hosted console should not decide for its parent domain. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000";
