import "server-only";
import { headers } from "next/headers";
import type { RequestMeta } from "@/lib/context";

// Keyplane's own HTTP server (lib/http/server.ts) always overwrites this header with the
// socket address (or the proxy's forwarded address when KEYPLANE_TRUST_PROXY is on), so a client
// cannot choose the IP that lands in the audit log.
export const CLIENT_IP_HEADER = "x-keyplane-client-ip";

export function metaFromHeaders(h: Headers): RequestMeta {
  return {
    ip: h.get(CLIENT_IP_HEADER) || null,
    userAgent: h.get("user-agent")?.slice(0, 512) || null,
  };
}

export async function getRequestMeta(): Promise<RequestMeta> {
  return metaFromHeaders(await headers());
}
