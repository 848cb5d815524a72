// Allowed IP ranges for a key: strict IPv4/IPv6 CIDR parsing, canonical output, and a compiled
// matcher for the verify hot path.
//
// Representation: every address is four 32-bit words (IPv4 uses word 0 only). Parsing is a
// hand-written scanner (no regex, so no backtracking) that writes into a caller-supplied
// Uint32Array, so the hot path allocates nothing per request.
//
// IPv4-mapped IPv6 (::ffff:a.b.c.d, or ::ffff:0a00:1) is treated as the IPv4 address it carries,
// both in range lists (::ffff:10.0.0.0/104 becomes 10.0.0.0/8) and for incoming addresses (Node
// reports IPv4 clients on dual-stack sockets as ::ffff:a.b.c.d). IPv4 clients are matched against
// IPv4 ranges only: "::/0" means every IPv6 client, not every client.

export type IpVersion = 4 | 6;

export interface Cidr {
  version: IpVersion;
  /** Network address words; IPv4 uses words[0] only. Host bits are always zero. */
  words: readonly [number, number, number, number];
  prefix: number;
  /** Canonical text, always with a prefix: "10.0.0.0/8", "2001:db8::/32", "10.0.0.1/32". */
  canonical: string;
}

export type CidrParseResult =
  | {
      ok: true;
      cidr: Cidr;
      /** True when the input had host bits set (10.1.2.3/8) and was normalized to the network. */
      hostBitsCleared: boolean;
      /** Human-readable note when the input was rewritten, for the API response / UI. */
      note?: string;
    }
  | { ok: false; message: string };

export type CidrListResult =
  | { ok: true; cidrs: string[]; notes: { index: number; message: string }[] }
  | { ok: false; errors: { index: number; message: string }[] };

export type IpMatcher = (ip: string | null | undefined) => boolean;

export const MAX_CIDR_ENTRIES = 100;
/** Longest valid text is an IPv6 with embedded IPv4 plus "/128" (49 chars); allow some slack. */
const MAX_INPUT_LENGTH = 64;

export const CIDR_MESSAGES = {
  notString: "IP range must be a string",
  empty: "IP range cannot be empty",
  invalid: "Not a valid IPv4 or IPv6 address or CIDR range",
  prefix4: "IPv4 prefix length must be a whole number from 0 to 32",
  prefix6: "IPv6 prefix length must be a whole number from 0 to 128",
  prefixMapped: "IPv4-mapped IPv6 ranges (::ffff:a.b.c.d) need a prefix length from 96 to 128",
  tooMany: `At most ${MAX_CIDR_ENTRIES} IP ranges are allowed`,
} as const;

// ---------------------------------------------------------------------------------------------
// Address scanning. Each scanner reads value[start, end) and returns the IP version or 0.

/**
 * Parses dotted-quad IPv4 and returns it as an unsigned 32-bit word, or -1 if invalid. Exactly 4
 * decimal octets, no leading zeros, ≤ 255. Returning the word (rather than writing it into a
 * buffer and reading it back) lets the IPv6 scanner use it without an unchecked index.
 */
function parseIPv4Word(value: string, start: number, end: number): number {
  let octets = 0;
  let acc = 0;
  let digits = 0;
  let result = 0;
  for (let i = start; i <= end; i++) {
    const code = i < end ? value.charCodeAt(i) : 46; // treat the end as a final "."
    if (code === 46) {
      if (digits === 0 || octets === 4) return -1;
      result = result * 256 + acc;
      octets++;
      acc = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits === 1 && acc === 0) return -1; // leading zero ("010" could be read as octal)
      acc = acc * 10 + (code - 48);
      digits++;
      if (acc > 255) return -1;
    } else {
      return -1;
    }
  }
  if (octets !== 4) return -1;
  return result >>> 0;
}

/** Parses dotted-quad IPv4 into out[0]; see parseIPv4Word. */
function scanIPv4(value: string, start: number, end: number, out: Uint32Array): 0 | 4 {
  const word = parseIPv4Word(value, start, end);
  if (word < 0) return 0;
  out[0] = word;
  return 4;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Parses IPv6 text (RFC 4291 §2.2: hex groups, one "::", optional trailing dotted IPv4) into
 * out[0..3]. Zone ids ("%eth0") are rejected. Returns 4 instead of 6 for IPv4-mapped addresses,
 * with the IPv4 value moved to out[0].
 */
function scanIPv6(
  value: string,
  start: number,
  end: number,
  out: Uint32Array,
  groups: Uint16Array,
): 0 | 4 | 6 {
  let count = 0; // groups written
  let gap = -1; // group index where "::" sits
  let i = start;
  if (end - start < 2) return 0;
  if (value.charCodeAt(i) === 58) {
    if (value.charCodeAt(i + 1) !== 58) return 0; // a lone leading ":"
    gap = 0;
    i += 2;
  }
  while (i < end) {
    if (count === 8) return 0;
    const groupStart = i;
    let acc = 0;
    while (i < end) {
      const h = hexValue(value.charCodeAt(i));
      if (h < 0) break;
      acc = acc * 16 + h;
      i++;
    }
    if (i < end && value.charCodeAt(i) === 46) {
      // A trailing dotted IPv4 ("::ffff:10.0.0.1") fills the last two groups.
      if (count > 6) return 0;
      const word = parseIPv4Word(value, groupStart, end);
      if (word < 0) return 0;
      groups[count++] = word >>> 16;
      groups[count++] = word & 0xffff;
      break;
    }
    if (i === groupStart || i - groupStart > 4) return 0;
    groups[count++] = acc;
    if (i === end) break;
    if (value.charCodeAt(i) !== 58) return 0;
    i++;
    if (i < end && value.charCodeAt(i) === 58) {
      if (gap >= 0) return 0; // a second "::"
      gap = count;
      i++;
    } else if (i === end) {
      return 0; // a trailing single ":"
    }
  }
  return finishIPv6(count, gap, out, groups);
}

/** Expands "::", packs groups into words, and folds IPv4-mapped addresses to IPv4. */
function finishIPv6(count: number, gap: number, out: Uint32Array, groups: Uint16Array): 0 | 4 | 6 {
  if (gap < 0 ? count !== 8 : count > 7) return 0;
  if (gap >= 0) {
    // Slide the groups after "::" to the end (back to front, since the ranges overlap), then
    // zero the hole. Together the loops rewrite every slot from `gap` on, so stale values from an
    // earlier call on the reused buffer can't leak. Plain loops, not copyWithin/fill: for at most
    // 8 slots the builtin calls measured slower on the matcher hot path.
    const shift = 8 - count;
    // k < count ≤ 7 < groups.length, so the read is in bounds; `?? 0` only narrows the type.
    for (let k = count - 1; k >= gap; k--) groups[k + shift] = groups[k] ?? 0;
    for (let k = gap; k < gap + shift; k++) groups[k] = 0;
  }
  const w0 = packGroups(groups, 0);
  const w1 = packGroups(groups, 2);
  const w2 = packGroups(groups, 4);
  const w3 = packGroups(groups, 6);
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) {
    // ::ffff:a.b.c.d — the IPv4 address lives in the last word.
    out[0] = w3;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0;
    return 4;
  }
  out[0] = w0;
  out[1] = w1;
  out[2] = w2;
  out[3] = w3;
  return 6;
}

/** Joins groups[i] and groups[i + 1] into one unsigned 32-bit word. */
function packGroups(groups: Uint16Array, i: number): number {
  // Callers pass i ≤ 6 and `groups` always has 8 slots, so both reads are in bounds; `?? 0` only
  // narrows the type (noUncheckedIndexedAccess) and never fires.
  const hi = groups[i] ?? 0;
  const lo = groups[i + 1] ?? 0;
  return ((hi << 16) | lo) >>> 0;
}

/** Parses an address of either family. Strings with a ":" are IPv6, otherwise IPv4. */
function scanAddress(
  value: string,
  start: number,
  end: number,
  out: Uint32Array,
  groups: Uint16Array,
): 0 | 4 | 6 {
  for (let i = start; i < end; i++) {
    if (value.charCodeAt(i) === 58) return scanIPv6(value, start, end, out, groups);
  }
  out[1] = 0;
  out[2] = 0;
  out[3] = 0;
  return scanIPv4(value, start, end, out);
}

/** Decimal prefix length without sign or leading zeros, or -1. */
function scanPrefix(value: string, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 3) return -1;
  if (len > 1 && value.charCodeAt(start) === 48) return -1;
  let acc = 0;
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    acc = acc * 10 + (code - 48);
  }
  return acc;
}

// ---------------------------------------------------------------------------------------------
// Masks and formatting

/** Mask for word `w` (0..3) of a prefix counted over `bits` total (32 or 128). */
function wordMask(prefix: number, w: number): number {
  const bitsInWord = Math.min(32, Math.max(0, prefix - 32 * w));
  return bitsInWord === 0 ? 0 : (0xffffffff << (32 - bitsInWord)) >>> 0;
}

function formatIPv4(word: number): string {
  return `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
function formatIPv6(words: readonly number[]): string {
  const groups: number[] = [];
  for (const word of words) groups.push(word >>> 16, word & 0xffff);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Parses "10.0.0.0/8", "2001:db8::/32", or a bare address (= /32 or /128). Surrounding
 * whitespace is ignored. Host bits are cleared ("10.1.2.3/8" → "10.0.0.0/8") and reported via
 * `hostBitsCleared` and `note`.
 */
export function parseCidr(input: unknown): CidrParseResult {
  if (typeof input !== "string") return { ok: false, message: CIDR_MESSAGES.notString };
  if (input.length > MAX_INPUT_LENGTH * 4) return { ok: false, message: CIDR_MESSAGES.invalid };
  const text = input.trim();
  if (text.length === 0) return { ok: false, message: CIDR_MESSAGES.empty };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, message: CIDR_MESSAGES.invalid };

  const slash = text.indexOf("/");
  const addrEnd = slash < 0 ? text.length : slash;
  const words = new Uint32Array(4);
  const version = scanAddress(text, 0, addrEnd, words, new Uint16Array(8));
  if (version === 0) return { ok: false, message: CIDR_MESSAGES.invalid };

  const mapped = isMappedText(text, addrEnd, version);
  const prefix = resolvePrefix(text, slash, version, mapped);
  if (prefix < 0) return { ok: false, message: prefixMessage(version, mapped) };
  return buildCidr(text, version, words, prefix, mapped);
}

/** An IPv6-written address that scanned as IPv4 (::ffff:…): its prefix is counted over 128 bits. */
function isMappedText(text: string, addrEnd: number, version: 0 | 4 | 6): boolean {
  return version === 4 && text.lastIndexOf(":", addrEnd) >= 0;
}

/** Prefix length in the address's own family, or -1. Mapped prefixes must be ≥ 96 to fold to IPv4. */
function resolvePrefix(text: string, slash: number, version: 4 | 6, mapped: boolean): number {
  const bits = version === 4 && !mapped ? 32 : 128;
  if (slash < 0) return version === 4 ? 32 : 128;
  const prefix = scanPrefix(text, slash + 1, text.length);
  if (prefix < 0 || prefix > bits) return -1;
  if (!mapped) return prefix;
  return prefix >= 96 ? prefix - 96 : -1;
}

function prefixMessage(version: 4 | 6, mapped: boolean): string {
  if (mapped) return CIDR_MESSAGES.prefixMapped;
  return version === 4 ? CIDR_MESSAGES.prefix4 : CIDR_MESSAGES.prefix6;
}

function buildCidr(
  text: string,
  version: 4 | 6,
  raw: Uint32Array,
  prefix: number,
  mapped: boolean,
): CidrParseResult {
  const words: [number, number, number, number] = [0, 0, 0, 0];
  let hostBitsCleared = false;
  // `raw` always has exactly 4 words (see parseCidr), so this fills the whole tuple.
  for (const [w, value] of raw.entries()) {
    const mask = version === 4 ? (w === 0 ? wordMask(prefix, 0) : 0) : wordMask(prefix, w);
    const masked = (value & mask) >>> 0;
    words[w] = masked;
    if (masked !== value) hostBitsCleared = true;
  }
  const address = version === 4 ? formatIPv4(words[0]) : formatIPv6(words);
  const canonical = `${address}/${prefix}`;
  const cidr: Cidr = { version, words, prefix, canonical };
  if (hostBitsCleared) {
    return { ok: true, cidr, hostBitsCleared, note: `${text} has host bits set; normalized to ${canonical}` };
  }
  if (mapped) {
    return { ok: true, cidr, hostBitsCleared, note: `${text} is IPv4-mapped IPv6; stored as ${canonical}` };
  }
  return { ok: true, cidr, hostBitsCleared };
}

/**
 * Validates and canonicalizes a list for storage. Reports every bad entry by index. Duplicates
 * (after canonicalization) are dropped with a note, as are host-bit normalizations.
 */
export function normalizeCidrList(list: readonly unknown[]): CidrListResult {
  if (list.length > MAX_CIDR_ENTRIES) {
    return { ok: false, errors: [{ index: MAX_CIDR_ENTRIES, message: CIDR_MESSAGES.tooMany }] };
  }
  const cidrs: string[] = [];
  const notes: { index: number; message: string }[] = [];
  const errors: { index: number; message: string }[] = [];
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const parsed = parseCidr(entry);
    if (!parsed.ok) return void errors.push({ index, message: parsed.message });
    if (parsed.note) notes.push({ index, message: parsed.note });
    if (seen.has(parsed.cidr.canonical)) {
      return void notes.push({
        index,
        message: `${parsed.cidr.canonical} is listed more than once; kept one`,
      });
    }
    seen.add(parsed.cidr.canonical);
    cidrs.push(parsed.cidr.canonical);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cidrs, notes };
}

/** Thrown by compileCidrMatcher for a list that was not normalized first (a bug or bad data). */
export class CidrListError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(`Invalid IP range at index ${index}: ${message}`);
    this.name = "CidrListError";
  }
}

/**
 * Pre-parses `list` into flat typed arrays and returns a matcher for the hot path.
 * - Empty list: no restriction, every caller matches (even one whose address is unknown).
 * - Otherwise an unparsable or missing ip never matches (fail closed).
 * Throws CidrListError on an invalid entry; compile once per key and cache the function.
 */
export function compileCidrMatcher(list: readonly string[]): IpMatcher {
  if (list.length === 0) return () => true;
  const v4: number[] = [];
  const v6: number[] = [];
  list.forEach((entry, index) => {
    const parsed = parseCidr(entry);
    if (!parsed.ok) throw new CidrListError(index, parsed.message);
    const { version, words, prefix } = parsed.cidr;
    if (version === 4) v4.push(words[0], wordMask(prefix, 0));
    else for (const [w, word] of words.entries()) v6.push(word, wordMask(prefix, w));
  });
  return buildMatcher(Uint32Array.from(v4), Uint32Array.from(v6));
}

function buildMatcher(v4: Uint32Array, v6: Uint32Array): IpMatcher {
  // Scratch buffers are reused: matching is synchronous, so calls never interleave.
  const scratch = new Uint32Array(4);
  const groups = new Uint16Array(8);
  return (ip) => {
    if (typeof ip !== "string" || ip.length === 0 || ip.length > MAX_INPUT_LENGTH) return false;
    const version = scanAddress(ip, 0, ip.length, scratch, groups);
    // scratch has 4 slots, so these reads are in bounds; `?? 0` only narrows the type.
    if (version === 4) return matchV4(v4, scratch[0] ?? 0);
    if (version === 6) {
      return matchV6(v6, scratch[0] ?? 0, scratch[1] ?? 0, scratch[2] ?? 0, scratch[3] ?? 0);
    }
    return false;
  };
}

// In both matchers the table is built whole ranges at a time (2 or 8 entries each) and the loop
// steps by that size, so every index read is < length. `?? 0` on the masks only narrows the type
// (noUncheckedIndexedAccess) and never fires; the network reads need no default because `===`
// accepts undefined. V8 folds the check away for in-bounds typed-array loads.

/** v4 holds [network, mask] pairs. */
function matchV4(v4: Uint32Array, address: number): boolean {
  for (let i = 0; i < v4.length; i += 2) {
    if ((address & (v4[i + 1] ?? 0)) >>> 0 === v4[i]) return true;
  }
  return false;
}

/** v6 holds, per range, four [network word, mask word] pairs; a0..a3 are the address words. */
function matchV6(v6: Uint32Array, a0: number, a1: number, a2: number, a3: number): boolean {
  for (let i = 0; i < v6.length; i += 8) {
    if (
      (a0 & (v6[i + 1] ?? 0)) >>> 0 === v6[i] &&
      (a1 & (v6[i + 3] ?? 0)) >>> 0 === v6[i + 2] &&
      (a2 & (v6[i + 5] ?? 0)) >>> 0 === v6[i + 4] &&
      (a3 & (v6[i + 7] ?? 0)) >>> 0 === v6[i + 6]
    ) {
      return true;
    }
  }
  return false;
}

/** Canonical form of a single address ("::FFFF:10.0.0.1" → "10.0.0.1"), or null if invalid. */
export function canonicalIp(ip: string): string | null {
  if (typeof ip !== "string" || ip.length === 0 || ip.length > MAX_INPUT_LENGTH) return null;
  const words = new Uint32Array(4);
  const version = scanAddress(ip, 0, ip.length, words, new Uint16Array(8));
  if (version === 0) return null;
  // words has 4 slots, so words[0] is in bounds; `?? 0` only narrows the type.
  return version === 4 ? formatIPv4(words[0] ?? 0) : formatIPv6(Array.from(words));
}
