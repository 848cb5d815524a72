import ipaddr from "ipaddr.js";

// Allowed IP ranges for a key: strict IPv4/IPv6 CIDR parsing and canonical text, on ipaddr.js.
// The key forms parse ranges in the browser too, so this module stays free of Node APIs; the
// verify hot path matches addresses with Node's BlockList (cidr-matcher.ts).
//
// IPv4-mapped IPv6 (::ffff:a.b.c.d, or ::ffff:a00:1) is the IPv4 address it carries: a range
// ::ffff:10.0.0.0/104 is stored as 10.0.0.0/8, and the matcher treats such clients as IPv4.

type Address = ipaddr.IPv4 | ipaddr.IPv6;

type CidrParseResult =
  | { ok: true; version: 4 | 6; network: string; prefix: number; canonical: string }
  | { ok: false; message: string };

type CidrListResult =
  { ok: true; cidrs: string[] } | { ok: false; errors: { index: number; message: string }[] };

export const MAX_CIDR_ENTRIES = 100;
/** Longest valid text is an IPv6 with embedded IPv4 plus "/128" (49 chars); allow some slack. */
export const MAX_IP_TEXT_LENGTH = 64;

export const CIDR_MESSAGES = {
  notString: "IP range must be a string",
  empty: "IP range cannot be empty",
  invalid: "Not a valid IPv4 or IPv6 address or CIDR range",
  prefix4: "IPv4 prefix length must be a whole number from 0 to 32",
  prefix6: "IPv6 prefix length must be a whole number from 0 to 128",
  prefixMapped: "IPv4-mapped IPv6 ranges (::ffff:a.b.c.d) need a prefix length from 96 to 128",
  tooMany: `At most ${MAX_CIDR_ENTRIES} IP ranges are allowed`,
} as const;

/**
 * One address in strict form, or null. ipaddr.js also reads "010.0.0.1" (octal), "10.1",
 * "0x0a.0.0.1" and zone ids ("fe80::1%eth0"); none of those is a range anyone means, so each is
 * refused. It also reads the deprecated IPv4-compatible "::a.b.c.d" as IPv4-mapped; RFC 4291
 * keeps them apart, and "0::a.b.c.d" is the same address without that shortcut.
 */
function parseAddress(text: string): Address | null {
  if (text.length > MAX_IP_TEXT_LENGTH) return null;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  const dottedTail = text.includes(".") ? text.slice(text.lastIndexOf(":") + 1) : null;
  if (dottedTail !== null && !ipaddr.IPv4.isValidFourPartDecimal(dottedTail)) return null;
  if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return null;
  return ipaddr.IPv6.parse(text.startsWith("::") && dottedTail === text.slice(2) ? `0${text}` : text);
}

/** An IPv4-mapped address as the IPv4 address it carries; any other address as it is. */
function unmapped(address: Address): Address {
  return address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/** The address with its host bits (those past `prefix`) cleared. */
function networkOf(address: Address, prefix: number): Address {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, i) => byte & (0xff00 >> Math.min(8, Math.max(0, prefix - 8 * i))));
  return ipaddr.fromByteArray(masked);
}

/** Decimal prefix length without sign or leading zeros, at most `bits`; else null. */
function parsePrefix(text: string | undefined, bits: number): number | null {
  if (text === undefined) return bits;
  const prefix = /^(?:0|[1-9]\d{0,2})$/.test(text) ? Number(text) : bits + 1;
  return prefix <= bits ? prefix : null;
}

/**
 * Parses "10.0.0.0/8", "2001:db8::/32", or a bare address (= /32 or /128). Surrounding
 * whitespace is ignored; host bits are cleared ("10.1.2.3/8" → "10.0.0.0/8").
 */
export function parseCidr(input: unknown): CidrParseResult {
  if (typeof input !== "string") return { ok: false, message: CIDR_MESSAGES.notString };
  const text = input.trim();
  if (text === "") return { ok: false, message: CIDR_MESSAGES.empty };
  if (text.length > MAX_IP_TEXT_LENGTH) return { ok: false, message: CIDR_MESSAGES.invalid };
  const [addressText = "", ...prefixParts] = text.split("/");
  const written = parseAddress(addressText);
  if (!written) return { ok: false, message: CIDR_MESSAGES.invalid };
  const address = unmapped(written);
  const prefixText = prefixParts.length > 1 ? "" : prefixParts[0];
  if (address !== written) {
    // A mapped range's prefix counts the 96 bits of its ::ffff: part.
    const prefix = parsePrefix(prefixText, 128);
    if (prefix === null || prefix < 96) return { ok: false, message: CIDR_MESSAGES.prefixMapped };
    return rangeOf(address, prefix - 96);
  }
  const isV4 = address instanceof ipaddr.IPv4;
  const prefix = parsePrefix(prefixText, isV4 ? 32 : 128);
  if (prefix === null) return { ok: false, message: isV4 ? CIDR_MESSAGES.prefix4 : CIDR_MESSAGES.prefix6 };
  return rangeOf(address, prefix);
}

function rangeOf(address: Address, prefix: number): CidrParseResult {
  const network = networkOf(address, prefix).toString();
  const version = address instanceof ipaddr.IPv4 ? 4 : 6;
  return { ok: true, version, network, prefix, canonical: `${network}/${prefix}` };
}

/** Validates and canonicalizes a list for storage; reports every bad entry by index; drops repeats. */
export function normalizeCidrList(list: readonly unknown[]): CidrListResult {
  if (list.length > MAX_CIDR_ENTRIES) {
    return { ok: false, errors: [{ index: MAX_CIDR_ENTRIES, message: CIDR_MESSAGES.tooMany }] };
  }
  const cidrs = new Set<string>();
  const errors: { index: number; message: string }[] = [];
  list.forEach((entry, index) => {
    const parsed = parseCidr(entry);
    if (parsed.ok) cidrs.add(parsed.canonical);
    else errors.push({ index, message: parsed.message });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cidrs: [...cidrs] };
}

/** Canonical form of a single address ("::FFFF:10.0.0.1" → "10.0.0.1"), or null if invalid. */
export function canonicalIp(ip: string): string | null {
  const address = parseAddress(ip);
  return address ? unmapped(address).toString() : null;
}
