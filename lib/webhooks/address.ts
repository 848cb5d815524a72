import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { fieldError } from "@/lib/errors";

// Server-side request forgery: a webhook URL is chosen by an organization's admin, but Keyplane
// sends the request from inside its own network. Only http(s) is accepted, and every address the
// host resolves to must be public unicast; private, loopback, link-local, unique-local, carrier
// NAT, multicast and reserved ranges are refused unless KEYPLANE_WEBHOOK_ALLOW_PRIVATE=true. The
// check runs when an endpoint is created and again before each delivery, and the delivery
// connects to the very addresses that were checked (lib/webhooks/send.ts), so a DNS answer that
// changes between the check and the connection does not get through.

export type ResolvedAddress = { address: string; family: 4 | 6 };

/** A refused URL: a field error on `url` (422 from the REST API). */
function refuse(message: string) {
  return fieldError("url", message);
}

/** True for an address a webhook may reach without KEYPLANE_WEBHOOK_ALLOW_PRIVATE. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/** The URL parsed, or a refusal: http(s) only, no credentials in it. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("Enter an absolute http:// or https:// URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse("Only http:// and https:// URLs can receive webhooks.");
  }
  if (url.username !== "" || url.password !== "") {
    throw refuse("A webhook URL may not contain a user name or password.");
  }
  return url;
}

/**
 * The addresses `url`'s host resolves to, each checked. Throws a field error on `url` when the
 * host does not resolve or any address is not public (unless `allowPrivate`).
 */
export async function resolveWebhookAddresses(url: URL, allowPrivate: boolean): Promise<ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal as 4 | 6 }];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => ({
        address: entry.address,
        family: entry.family === 6 ? 6 : 4,
      }));
    } catch {
      throw refuse(`The host ${host} does not resolve.`);
    }
    if (addresses.length === 0) throw refuse(`The host ${host} does not resolve.`);
  }
  if (!allowPrivate) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      throw refuse(
        `${host} resolves to ${refused.address}, a private, loopback or link-local address; webhooks may only reach public addresses.`,
      );
    }
  }
  return addresses;
}
