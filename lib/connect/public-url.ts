import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { normalizeBaseUrl } from "./snippets/shared";

// The base URL data planes use to reach this installation, shown in the connect panel:
// KEYPLANE_PUBLIC_URL when set, else the origin the browser used to open the console.

const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

type HeaderSource = { get(name: string): string | null };

/**
 * Pure, for tests. Only the first X-Forwarded-Proto value counts (the proxy nearest the browser);
 * a Host that is not a host name or address is ignored rather than echoed into a snippet.
 */
export function resolvePublicBaseUrl(configured: string | undefined, request: HeaderSource): string {
  if (configured) return normalizeBaseUrl(configured);
  const proto = request.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const host = request.get("host")?.trim() ?? "";
  const scheme = proto === "https" || proto === "http" ? proto : "http";
  return HOST.test(host) ? `${scheme}://${host.toLowerCase()}` : "http://localhost";
}

export async function getPublicBaseUrl(): Promise<string> {
  return resolvePublicBaseUrl(env().KEYPLANE_PUBLIC_URL, await headers());
}
