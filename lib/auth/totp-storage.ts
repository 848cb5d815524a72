import { decryptString, encryptString } from "@/lib/crypto/aes";
import { encryptionKey } from "@/lib/env";

// TOTP secrets are stored encrypted (AES-256-GCM). The associated data names the user and whether
// the secret is the confirmed one or one still being enrolled, so a ciphertext copied to another
// user, or from the pending column to the active one, does not decrypt.

export type TotpSecretKind = "active" | "pending";

function aad(userId: string, kind: TotpSecretKind): string {
  return `user-totp:${kind}:${userId}`;
}

export function encryptTotpSecret(userId: string, secret: string, kind: TotpSecretKind): string {
  return encryptString(secret, encryptionKey(), aad(userId, kind));
}

export function decryptTotpSecret(userId: string, token: string, kind: TotpSecretKind): string {
  return decryptString(token, encryptionKey(), aad(userId, kind));
}
