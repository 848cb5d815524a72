import { decryptString, encryptString } from "@/lib/crypto/aes";
import type { Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { encryptionKey } from "@/lib/env";
import { z } from "zod";
import { CUSTOM_SECRET_MESSAGES } from "./custom-secret";
import { generateSecret } from "./format";
import { hashSecret, secretHint } from "./hash";

// Making and storing one secret of a key. The plaintext leaves this module only as the return
// value of the core that made it; the row holds the SHA-256 hash, a short hint and, when the
// organization keeps retrievable secrets, AES-256-GCM ciphertext bound to the key and slot.

export type LiveSlot = "primary" | "secondary";
export type IssuedSecret = { value: string; hint: string };

/** Associated data for a secret's ciphertext: copied to another key or slot, it will not decrypt. */
export function secretAad(keyId: string, slot: LiveSlot): string {
  return `key-secret:${keyId}:${slot}`;
}

export async function issueSecret(
  tx: Tx,
  key: { id: string; organizationId: string },
  slot: LiveSlot,
  options: { retrievable: boolean; customValue?: string },
): Promise<IssuedSecret> {
  const value = options.customValue ?? generateSecret();
  const hint = secretHint(value);
  await tx.keySecret
    .create({
      data: {
        keyId: key.id,
        organizationId: key.organizationId,
        slot,
        hash: hashSecret(value),
        hint,
        valueEnc: options.retrievable ? encryptString(value, encryptionKey(), secretAad(key.id, slot)) : null,
      },
    })
    .catch((error: unknown) => {
      // Only a caller-chosen value can collide. The answer is the schema's own answer to a weak
      // value (same code, message and field), so it says nothing about other organizations' secrets.
      if (isUniqueViolation(error) && options.customValue !== undefined) throw weakCustomSecretError();
      throw error;
    });
  return { value, hint };
}

/** What the create schema answers for a weak custom secret, as both doors present a schema failure. */
function weakCustomSecretError(): z.ZodError {
  return new z.ZodError([
    { code: "custom", path: ["customSecret"], message: `${CUSTOM_SECRET_MESSAGES.weak}.`, input: undefined },
  ]);
}

export function revealSecret(keyId: string, slot: LiveSlot, valueEnc: string): string {
  return decryptString(valueEnc, encryptionKey(), secretAad(keyId, slot));
}
