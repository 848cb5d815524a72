import type { IncomingMessage } from "node:http";
import {
  compileTrustedProxies,
  decideClientAddress,
  DEFAULT_TRUSTED_PROXIES,
} from "@/lib/http/client-address";

// The test servers (api-server.ts, keys.ts) decide the caller's address exactly as Keyplane's own
// server does, with the same function, so an attack through them meets the production rule.

export type ClientAddressOptions = {
  /** The server's KEYPLANE_TRUSTED_PROXIES; the production default (loopback) unless given. */
  trustedProxies?: string;
};

/** The per-request step of lib/http/server.ts, for a server started with these options. */
export function clientAddressStep(options: ClientAddressOptions = {}): (req: IncomingMessage) => void {
  const trust = compileTrustedProxies(options.trustedProxies ?? DEFAULT_TRUSTED_PROXIES);
  return (req) => void decideClientAddress(req, trust);
}
