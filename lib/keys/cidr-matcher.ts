import { BlockList, isIP, SocketAddress } from "node:net";
import { MAX_IP_TEXT_LENGTH, parseCidr } from "./cidr";

// The verify hot path's IP check: a key's ranges are compiled once into Node's BlockList.
// BlockList reads addresses with libuv's inet_pton, which stops at a NUL ("10.0.0.1\0") and drops
// an IPv6 zone id ("fe80::1%eth0" would match fe80::/10), so an address must first pass Node's
// strict isIP and carry no zone id. BlockList also matches across families (::/0 contains every
// IPv4 client); here IPv4 and IPv4-mapped clients (::ffff:a.b.c.d, as Node reports IPv4 clients
// on dual-stack sockets) meet the IPv4 ranges only, and other IPv6 clients the IPv6 ranges only.
// IPv4 clients in dotted form (the common case) are matched by hand as 32-bit numbers: building
// BlockList's SocketAddress cost about 5 µs of a 50 µs verification (`npm run bench -- verify`,
// 4 December 2026); every other form still goes through BlockList.

export type IpMatcher = (ip: string | null | undefined) => boolean;

const IPV4_MAPPED = new BlockList();
IPV4_MAPPED.addSubnet("::ffff:0:0", 96, "ipv6");

/**
 * A matcher for a stored list of ranges; compile once per key and keep the function.
 * - Empty list: no restriction, every caller matches (even one whose address is unknown).
 * - Otherwise a missing or malformed address never matches (fail closed).
 * Throws on an entry that does not parse (the console stores normalized lists only).
 */
export function compileCidrMatcher(list: readonly string[]): IpMatcher {
  if (list.length === 0) return () => true;
  const v4 = new BlockList();
  const v6 = new BlockList();
  const v4Ranges: { network: number; mask: number }[] = [];
  list.forEach((entry, index) => {
    const parsed = parseCidr(entry);
    if (!parsed.ok) throw new Error(`Invalid IP range at index ${index}: ${parsed.message}`);
    if (parsed.version === 4) {
      v4.addSubnet(parsed.network, parsed.prefix, "ipv4");
      const mask = parsed.prefix === 0 ? 0 : (~0 << (32 - parsed.prefix)) >>> 0;
      v4Ranges.push({ network: (ipv4Number(parsed.network, 0) & mask) >>> 0, mask });
    } else v6.addSubnet(parsed.network, parsed.prefix, "ipv6");
  });
  const inV4Ranges = (address: number) => {
    for (const range of v4Ranges) if ((address & range.mask) >>> 0 === range.network) return true;
    return false;
  };
  return (ip) => {
    if (typeof ip !== "string" || ip.length > MAX_IP_TEXT_LENGTH) return false;
    const dotted = ipv4Number(ip, isMappedPrefix(ip) ? MAPPED_PREFIX.length : 0);
    if (dotted >= 0) return inV4Ranges(dotted);
    if (ip.includes("%")) return false;
    const family = isIP(ip);
    if (family === 0) return false;
    // Parsed once for both checks: building the SocketAddress is most of a check's cost.
    const address = new SocketAddress({ address: ip, family: family === 4 ? "ipv4" : "ipv6" });
    return family === 4 || IPV4_MAPPED.check(address) ? v4.check(address) : v6.check(address);
  };
}

const MAPPED_PREFIX = "::ffff:";

/** "::ffff:" in any case, followed by something; a plain IPv4 client is told apart by its first character. */
function isMappedPrefix(ip: string): boolean {
  return (
    ip.charCodeAt(0) === 58 &&
    ip.length > MAPPED_PREFIX.length &&
    ip.slice(0, MAPPED_PREFIX.length).toLowerCase() === MAPPED_PREFIX
  );
}

/**
 * The dotted IPv4 address that starts at `start` and runs to the end of `text`, as an unsigned
 * 32-bit number; -1 for anything else, with the strictness of Node's isIP (four parts of 0–255,
 * no leading zeros, no other character).
 */
function ipv4Number(text: string, start: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (code >= 48 && code <= 57) {
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (code - 48);
      digits++;
      if (part > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}
