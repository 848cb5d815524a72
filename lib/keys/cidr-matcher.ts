import { BlockList, isIP, SocketAddress } from "node:net";
import { MAX_IP_TEXT_LENGTH, parseCidr } from "./cidr";

// The verify hot path's IP check: a key's ranges are compiled once into Node's BlockList.
// BlockList reads addresses with libuv's inet_pton, which stops at a NUL ("10.0.0.1\0") and drops
// an IPv6 zone id ("fe80::1%eth0" would match fe80::/10), so an address must first pass Node's
// strict isIP and carry no zone id. BlockList also matches across families (::/0 contains every
// IPv4 client); here IPv4 and IPv4-mapped clients (::ffff:a.b.c.d, as Node reports IPv4 clients
// on dual-stack sockets) meet the IPv4 ranges only, and other IPv6 clients the IPv6 ranges only.

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
  list.forEach((entry, index) => {
    const parsed = parseCidr(entry);
    if (!parsed.ok) throw new Error(`Invalid IP range at index ${index}: ${parsed.message}`);
    if (parsed.version === 4) v4.addSubnet(parsed.network, parsed.prefix, "ipv4");
    else v6.addSubnet(parsed.network, parsed.prefix, "ipv6");
  });
  return (ip) => {
    if (typeof ip !== "string" || ip.length > MAX_IP_TEXT_LENGTH || ip.includes("%")) return false;
    const family = isIP(ip);
    if (family === 0) return false;
    // Parsed once for both checks: building the SocketAddress is most of a check's cost.
    const address = new SocketAddress({ address: ip, family: family === 4 ? "ipv4" : "ipv6" });
    return family === 4 || IPV4_MAPPED.check(address) ? v4.check(address) : v6.check(address);
  };
}
