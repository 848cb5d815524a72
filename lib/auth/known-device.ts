import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { DAY_MS } from "@/lib/time";

// A browser that signed in to an account is a *known device* of that account: a signed cookie set
// after the sign-in (lib/auth/auth.ts) names a random device id and the account. Failed sign-ins
// from strangers slow down the account and their own address (lib/auth/throttle.ts); a known
// device is throttled only on its own count, so the right password from it still gets in
// (README, "Security model": sign-in under attack).

export const KNOWN_DEVICE_MAX_AGE_MS = 365 * DAY_MS;

export function knownDeviceCookieName(https: boolean): string {
  return https ? "__Host-keyplane-device" : "keyplane-device";
}

function sign(deviceId: string, userId: string): string {
  return createHmac("sha256", env().AUTH_SECRET)
    .update(`keyplane-known-device:${deviceId}:${userId}`)
    .digest("base64url");
}

/** A cookie value for this account: the device id of `previous` if it was one, else a new one. */
export function knownDeviceToken(userId: string, previousDeviceId: string | null): string {
  const deviceId = previousDeviceId ?? randomBytes(16).toString("base64url");
  return `${deviceId}.${sign(deviceId, userId)}`;
}

/** The device id when `token` is a known-device cookie of this account, else null. */
export function knownDeviceId(token: string | null | undefined, userId: string): string | null {
  if (!token) return null;
  const [deviceId, signature, extra] = token.split(".");
  if (!deviceId || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(deviceId, userId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
}

/** The known-device cookie of a request, under either name. */
export function knownDeviceCookie(headers: Headers): string | null {
  const cookies = headers.get("cookie") ?? "";
  for (const part of cookies.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === knownDeviceCookieName(true) || name === knownDeviceCookieName(false)) return value.join("=");
  }
  return null;
}
