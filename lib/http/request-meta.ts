import "server-only";
import { headers } from "next/headers";
import type { RequestMeta } from "@/lib/context";
import { clientAddressFromHeaders } from "@/lib/http/client-address";

// The client's address is the one Keyplane's own HTTP server decided as the request arrived
// (lib/http/client-address.ts), so a client cannot choose the IP that lands in the audit log.
export function metaFromHeaders(h: Headers): RequestMeta {
  return {
    ip: clientAddressFromHeaders(h),
    userAgent: h.get("user-agent")?.slice(0, 512) || null,
  };
}

export async function getRequestMeta(): Promise<RequestMeta> {
  return metaFromHeaders(await headers());
}
