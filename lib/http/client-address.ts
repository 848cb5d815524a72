import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import { canonicalIp } from "@/lib/keys/cidr";

// Who the client is, decided once per request by Keyplane's own server for every door: the
// console and REST API (through Next.js, which reads the header below), POST /api/v1/verify and
// forward-auth (the fast path, through clientAddressOf), and so the audit log, sessions, the IP
// ranges of management keys and every throttle.
//
// The client is the socket peer, unless that peer is a trusted proxy (KEYPLANE_TRUSTED_PROXIES):
// then X-Forwarded-For is walked from the right, past trusted hops, and the first hop that is not
// one is the client. Entries to its left were written by the client and are never read.

/** How Keyplane's server hands its decision to Next.js code; whatever a client sends is overwritten. */
export const CLIENT_ADDRESS_HEADER = "x-keyplane-client-ip";

export const DEFAULT_TRUSTED_PROXIES = "loopback";

/** Names accepted besides addresses and CIDRs: proxy-addr's own, "private" and "none". */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ["loopback"],
  linklocal: ["linklocal"],
  uniquelocal: ["uniquelocal"],
  /** 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and fc00::/7: proxy-addr's "uniquelocal". */
  private: ["uniquelocal"],
  none: [],
};

export type TrustedProxies = (address: string, hop: number) => boolean;

/**
 * "loopback, 10.0.0.0/8, 2001:db8::1" (comma list of CIDRs, addresses and the names above) as a
 * trust test. Throws a TypeError naming the entry that is neither.
 */
export function compileTrustedProxies(list: string): TrustedProxies {
  const ranges = list
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .flatMap((entry) => NAMED_RANGES[entry.toLowerCase()] ?? [entry]);
  return proxyaddr.compile(ranges);
}

/** Why a KEYPLANE_TRUSTED_PROXIES value is refused, or null when it is good. */
export function trustedProxiesError(list: string): string | null {
  try {
    compileTrustedProxies(list);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface ClientAddress {
  /** The client, for every check and record (see the note at the top). */
  address: string;
  /**
   * The client's address as a trusted proxy states it (X-Real-IP, else X-Forwarded-For walked as
   * above); undefined when the peer is not a trusted proxy or states none. forward-auth checks a
   * key's IP ranges against it: there the peer is the proxy and the client is behind it.
   */
  forwarded: string | undefined;
}

const TRUST_NONE: TrustedProxies = () => false;

export function resolveClientAddress(req: IncomingMessage, trust: TrustedProxies): ClientAddress {
  const peer = req.socket.remoteAddress;
  if (peer === undefined) return { address: "unknown", forwarded: undefined };
  const own = unmapped(peer);
  const realIp = req.headers["x-real-ip"];
  const forwardedFor = req.headers["x-forwarded-for"];
  if ((realIp === undefined && forwardedFor === undefined) || !trust(peer, 0)) {
    return { address: own, forwarded: undefined };
  }
  const walked = forwardedFor ? walkForwardedFor(req, trust) : undefined;
  const stated = typeof realIp === "string" ? canonicalIp(realIp.trim()) : null;
  return { address: walked ?? own, forwarded: stated ?? walked };
}

/**
 * proxy-addr lists the peer, then X-Forwarded-For from the right up to the first hop that is not a
 * trusted proxy. That hop is the client; when it is not an address (garbage, which a trusted proxy
 * passed on), the walk ends at the trusted hop before it.
 */
function walkForwardedFor(req: IncomingMessage, trust: TrustedProxies): string | undefined {
  const hops = proxyaddr.all(req, trust);
  if (hops.length < 2) return undefined;
  return canonicalIp(hops[hops.length - 1] ?? "") ?? canonicalIp(hops[hops.length - 2] ?? "") ?? undefined;
}

/** Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d; otherwise its text is canonical. */
function unmapped(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** Where the decision is kept on the request (a property: cheaper per request than a WeakMap). */
const DECIDED = Symbol("keyplane.clientAddress");
type Decided = IncomingMessage & { [DECIDED]?: ClientAddress };

/** Called by Keyplane's server as a request arrives, before anything reads the client's address. */
export function decideClientAddress(req: IncomingMessage, trust: TrustedProxies): ClientAddress {
  const client = resolveClientAddress(req, trust);
  (req as Decided)[DECIDED] = client;
  req.headers[CLIENT_ADDRESS_HEADER] = client.address;
  return client;
}

/** The decision for a request; one that never met decideClientAddress trusts no forwarding header. */
export function clientAddressOf(req: IncomingMessage): ClientAddress {
  return (req as Decided)[DECIDED] ?? resolveClientAddress(req, TRUST_NONE);
}

/** The decided address as Next.js code sees it (route handlers, server actions, Auth.js). */
export function clientAddressFromHeaders(headers: Headers): string | null {
  return headers.get(CLIENT_ADDRESS_HEADER) || null;
}
