import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "./chain";

// The signature of an audit checkpoint: an Ed25519 signature, by the installation's key
// (KEYPLANE_AUDIT_SIGNING_KEY), over the canonical JSON of what the checkpoint claims: in this
// organization, entry #seq had this hash at this time. Pure (no database): the server signs with
// it, and `npm run audit:verify -- --checkpoint FILE` checks a downloaded file with only the
// public key the file carries.

export const CHECKPOINT_KIND = "keyplane.audit.checkpoint";

export type CheckpointClaim = { organizationId: string; seq: number; hash: string; createdAt: Date };

export type CheckpointSignature = {
  /** Base64 Ed25519 signature over checkpointMessage(claim). */
  signature: string;
  /** The public key as PEM (SPKI), so a verifier needs nothing else. */
  publicKey: string;
  /** The first 16 hex digits of the SHA-256 of the public key's DER: short enough to compare by eye. */
  publicKeyId: string;
};

/** The exact bytes signed: the claim's fields as canonical JSON (sorted keys, ISO time). */
function checkpointMessage(claim: CheckpointClaim): Buffer {
  return Buffer.from(
    canonicalJson({
      kind: CHECKPOINT_KIND,
      organizationId: claim.organizationId,
      seq: claim.seq,
      hash: claim.hash,
      createdAt: claim.createdAt.toISOString(),
    }),
  );
}

/** The private key from KEYPLANE_AUDIT_SIGNING_KEY's form (base64 PKCS#8 DER), or null. */
export function parseAuditSigningKey(value: string): KeyObject | null {
  try {
    const key = createPrivateKey({ key: Buffer.from(value, "base64"), format: "der", type: "pkcs8" });
    return key.asymmetricKeyType === "ed25519" ? key : null;
  } catch {
    return null;
  }
}

export function publicKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ format: "der", type: "spki" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

export function signCheckpoint(claim: CheckpointClaim, privateKey: KeyObject): CheckpointSignature {
  const publicKey = createPublicKey(privateKey);
  return {
    signature: sign(null, checkpointMessage(claim), privateKey).toString("base64"),
    publicKey: publicKey.export({ format: "pem", type: "spki" }).toString(),
    publicKeyId: publicKeyId(publicKey),
  };
}

export type SignatureCheck = { ok: true; publicKeyId: string } | { ok: false; reason: string };

/** Checks the signature with the public key given (PEM); the key's id must match it too. */
export function verifyCheckpointSignature(
  claim: CheckpointClaim,
  signed: CheckpointSignature,
): SignatureCheck {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(signed.publicKey);
  } catch {
    return { ok: false, reason: "its public key cannot be read" };
  }
  if (publicKey.asymmetricKeyType !== "ed25519") return { ok: false, reason: "its key is not Ed25519" };
  const id = publicKeyId(publicKey);
  if (id !== signed.publicKeyId) {
    return { ok: false, reason: `its key id ${signed.publicKeyId} is not the id of its public key (${id})` };
  }
  let valid = false;
  try {
    valid = verify(null, checkpointMessage(claim), publicKey, Buffer.from(signed.signature, "base64"));
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true, publicKeyId: id }
    : { ok: false, reason: "the signature does not match its organization, entry, hash and time" };
}
