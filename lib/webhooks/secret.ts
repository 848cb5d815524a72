import { decryptString, encryptString } from "@/lib/crypto/aes";
import { encryptionKey } from "@/lib/env";

// An endpoint's signing secret is needed again for every delivery, so it is stored encrypted
// (AES-256-GCM with KEYPLANE_ENCRYPTION_KEY, bound to the endpoint's id), never in plain text.

function aad(endpointId: string): string {
  return `webhook-secret:${endpointId}`;
}

export function sealWebhookSecret(endpointId: string, secret: string): string {
  return encryptString(secret, encryptionKey(), aad(endpointId));
}

export function revealWebhookSecret(endpointId: string, secretEnc: string): string {
  return decryptString(secretEnc, encryptionKey(), aad(endpointId));
}
