import { RATELIMIT_NAME } from "@/lib/keys/limits";
import { verifyError } from "./responses";
import type { PreparedResponse, RatelimitRequest } from "./types";

// Reading what a data plane sent to POST /api/v1/verify: the JSON body's fields, checked for type
// and size (hostile input: anything may arrive), and the Authorization header's bearer token.
// The key's own format is not judged here: a malformed key is a NOT_FOUND decision, not a 400.

export interface VerifyFields {
  key?: string;
  permissions?: string | string[];
  ip?: string;
  system?: string;
  ratelimits?: RatelimitRequest[];
  cost?: number;
}

export type ParsedBody = { ok: true; fields: VerifyFields } | { ok: false; error: PreparedResponse };

const MAX_PERMISSIONS = 64;
const PERMISSION_TOO_LONG = "A permission name is too long.";
/** The most rate limits one verification may name (forward-auth's ?ratelimit= too). */
export const MAX_RATELIMITS = 16;
/** The most one verification may spend of a rate limit or of credits. */
const MAX_COST = 1_000_000;
const MAX_NAME_LENGTH = 256;
/** The longest IPv6 text with an embedded IPv4 is 45 characters; more is not an address. */
const MAX_IP_LENGTH = 64;

const NO_FIELDS: ParsedBody = { ok: true, fields: {} };
const NOT_JSON = verifyError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
const UNPARSEABLE = verifyError(400, "INVALID_REQUEST", "The body is not a JSON object.");

function invalid(message: string): ParsedBody {
  return { ok: false, error: verifyError(400, "INVALID_REQUEST", message) };
}

export function parseVerifyBody(raw: Buffer | null, contentType: string | undefined): ParsedBody {
  if (raw === null || raw.length === 0) return NO_FIELDS;
  if (!isJsonType(contentType)) return { ok: false, error: NOT_JSON };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    return { ok: false, error: UNPARSEABLE };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, error: UNPARSEABLE };
  return readFields(value as Record<string, unknown>);
}

function readFields(body: Record<string, unknown>): ParsedBody {
  const fields: VerifyFields = {};
  const { key, permission, permissions, ip, system, ratelimits, cost } = body;
  if (key !== undefined && key !== null) {
    if (typeof key !== "string") return invalid('"key" must be a string.');
    fields.key = key;
  }
  const required = readPermissions(permission, permissions);
  if (typeof required === "object" && "error" in required) return invalid(required.error);
  fields.permissions = required;
  if (ip !== undefined && ip !== null && ip !== "") {
    if (typeof ip !== "string" || ip.length > MAX_IP_LENGTH) return invalid('"ip" must be an IP address.');
    fields.ip = ip;
  }
  if (system !== undefined && system !== null && system !== "") {
    if (typeof system !== "string" || system.length > MAX_NAME_LENGTH)
      return invalid('"system" must be a system id or slug.');
    fields.system = system;
  }
  if (cost !== undefined && cost !== null) {
    if (!isCost(cost)) return invalid(`"cost" must be a whole number from 0 to ${MAX_COST}.`);
    fields.cost = cost;
  }
  if (ratelimits !== undefined && ratelimits !== null) {
    const named = readRatelimits(ratelimits);
    if (named === null)
      return invalid(
        `"ratelimits" must be a list of at most ${MAX_RATELIMITS} { "name", "cost"? } objects (cost 0–${MAX_COST}).`,
      );
    fields.ratelimits = named;
  }
  return { ok: true, fields };
}

function isCost(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= MAX_COST;
}

/** [{ name, cost? }]: the key's rate limits to check besides its auto-applied ones. */
function readRatelimits(value: unknown): RatelimitRequest[] | null {
  if (!Array.isArray(value) || value.length > MAX_RATELIMITS) return null;
  const list: RatelimitRequest[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null) return null;
    const { name, cost } = item as Record<string, unknown>;
    if (typeof name !== "string" || !RATELIMIT_NAME.test(name)) return null;
    if (cost !== undefined && !isCost(cost)) return null;
    list.push(cost === undefined ? { name } : { name, cost });
  }
  return list;
}

/** "permission" (one name) and "permissions" (a name or a list) may both be given: all are required. */
function readPermissions(one: unknown, many: unknown): string | string[] | undefined | { error: string } {
  // The common request names one permission: answered without building a list.
  if (typeof one === "string" && (many === undefined || many === null))
    return one.length > MAX_NAME_LENGTH ? { error: PERMISSION_TOO_LONG } : one;
  const list: string[] = [];
  for (const value of [one, many]) {
    if (value === undefined || value === null) continue;
    if (typeof value === "string") {
      list.push(value);
    } else if (Array.isArray(value) && value.every((item): item is string => typeof item === "string")) {
      list.push(...value);
    } else {
      return { error: '"permission" must be a string and "permissions" a string or a list of strings.' };
    }
  }
  if (list.length > MAX_PERMISSIONS)
    return { error: `At most ${MAX_PERMISSIONS} permissions can be asked at once.` };
  if (list.some((name) => name.length > MAX_NAME_LENGTH)) return { error: PERMISSION_TOO_LONG };
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0] : list;
}

/** application/json, or any application/*+json type, with or without parameters. */
function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(";");
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** The token of "Authorization: Bearer <token>" (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length < 8) return undefined;
  if (!header.startsWith("Bearer ") && header.slice(0, 7).toLowerCase() !== "bearer ") return undefined;
  const token = header.slice(7).trim();
  return token === "" ? undefined : token;
}
