import { z } from "zod";
import { CHECKPOINT_KIND, type CheckpointClaim, type CheckpointSignature } from "./checkpoint-signature";

// A checkpoint as a self-contained JSON document: what the audit page downloads, what
// KEYPLANE_AUDIT_ANCHOR_URL receives, and what `npm run audit:verify -- --checkpoint FILE` reads.
// It carries the public key, so anyone can check the signature without Keyplane.

export type CheckpointRow = CheckpointClaim & CheckpointSignature & { id: string };
type OrganizationRef = { id: string; slug: string; name: string };

export function checkpointDocument(organization: OrganizationRef, checkpoint: CheckpointRow) {
  return {
    kind: CHECKPOINT_KIND,
    id: checkpoint.id,
    organization: { id: organization.id, slug: organization.slug, name: organization.name },
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    createdAt: checkpoint.createdAt.toISOString(),
    signature: checkpoint.signature,
    publicKeyId: checkpoint.publicKeyId,
    publicKey: checkpoint.publicKey,
    signed:
      "Ed25519 over the canonical JSON (keys sorted, no spaces) of {createdAt, hash, kind, organizationId, seq}",
  };
}

export function checkpointFileName(slug: string, seq: number): string {
  return `keyplane-checkpoint-${slug}-${seq}.json`;
}

const documentSchema = z.object({
  kind: z.literal(CHECKPOINT_KIND),
  organization: z.object({ id: z.string().min(1), slug: z.string().min(1) }),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime(),
  signature: z.string().min(1),
  publicKeyId: z.string().regex(/^[0-9a-f]{16}$/),
  publicKey: z.string().min(1),
});

export type ParsedCheckpoint = {
  organization: { id: string; slug: string };
  claim: CheckpointClaim;
  signed: CheckpointSignature;
};

/** A checkpoint document read back, or null when it is not one. */
export function parseCheckpointDocument(value: unknown): ParsedCheckpoint | null {
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    organization: d.organization,
    claim: { organizationId: d.organization.id, seq: d.seq, hash: d.hash, createdAt: new Date(d.createdAt) },
    signed: { signature: d.signature, publicKey: d.publicKey, publicKeyId: d.publicKeyId },
  };
}
