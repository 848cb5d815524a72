import type { IncomingMessage } from "node:http";
import { clientIp } from "@/lib/server/http-server";

// The test servers (api-server.ts, keys.ts) set the caller's address exactly as Keyplane's own
// server does, with the same function, so an attack through them meets the production rule.

export type ClientAddressOptions = {
  /** The server's trusted proxies (KEYPLANE_TRUSTED_PROXIES); the default trusts none. */
  trustedProxies?: string;
};

export function stampClientAddress(req: IncomingMessage, options: ClientAddressOptions = {}): void {
  req.headers["x-keyplane-client-ip"] = clientIp(req, options.trustedProxies !== undefined);
}
