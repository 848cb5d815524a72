import { env } from "@/lib/env";

/**
 * Whether the browser reached Keyplane over HTTPS: the public URL says so, or the TLS-terminating
 * proxy does (X-Forwarded-Proto, as Auth.js reads it). A client that claims https over plain http
 * only gets Secure cookies its browser drops and headers it ignores, so the claim cannot weaken
 * anything. Decides the __Host- cookie names, HSTS and the known-device cookie's flags.
 */
export function servedOverHttps(headers: Headers): boolean {
  if (env().KEYPLANE_PUBLIC_URL?.startsWith("https://")) return true;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https";
}
