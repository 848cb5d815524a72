import "server-only";
import { getPublicBaseUrl } from "@/lib/connect/public-url";
import { relyingPartyFor, type RelyingParty } from "./webauthn";

/**
 * The relying party of this request: KEYPLANE_PUBLIC_URL when set (set it in production: README,
 * "Passkeys"), else the address the browser opened the console at.
 */
export async function requestRelyingParty(): Promise<RelyingParty> {
  return relyingPartyFor(await getPublicBaseUrl());
}
