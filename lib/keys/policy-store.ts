import { auditTarget, diffFields, writeAudit } from "@/lib/audit/write";
import { requireFreshStepUp } from "@/lib/auth/step-up";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatWarningDays, parseWarningDays } from "./expiry-warnings";
import { DEFAULT_KEY_POLICY, isLeakResponse, validatePolicy, type KeyPolicy } from "./policy";

// The organization's key policy as stored: read by the key cores, changed from the settings page.
// The rules it sets (lifetimes, expiry, grace) are pure functions in ./policy.ts.

/** KeyPolicy as a plain object type (an interface has no index signature, which diffFields needs). */
type PolicyValues = Pick<KeyPolicy, keyof KeyPolicy>;

const policySelect = {
  defaultLifetimeDays: true,
  minLifetimeDays: true,
  maxLifetimeDays: true,
  allowCustomSecrets: true,
  retrievableSecrets: true,
  expiryWarningDays: true,
  leakResponse: true,
} as const;

export async function getKeyPolicy(tx: Tx, organizationId: string): Promise<PolicyValues> {
  const row = await tx.keyPolicy.findUnique({ where: { organizationId }, select: policySelect });
  if (!row) return { ...DEFAULT_KEY_POLICY };
  return {
    ...row,
    expiryWarningDays: parseWarningDays(row.expiryWarningDays),
    leakResponse: isLeakResponse(row.leakResponse) ? row.leakResponse : DEFAULT_KEY_POLICY.leakResponse,
  };
}

/**
 * Changes the organization's key policy. New bounds apply to keys created or edited from now on.
 * Turning retrievable secrets off erases every stored ciphertext at once: "only a hash is stored"
 * must be true from the moment the setting says so.
 */
export async function updateKeyPolicy(
  ctx: Ctx,
  input: Omit<PolicyValues, "expiryWarningDays" | "leakResponse"> &
    Partial<Pick<PolicyValues, "expiryWarningDays" | "leakResponse">>,
  tx: Tx,
): Promise<{ policy: PolicyValues }> {
  // The wrapper resolved ctx.organizationId from input.organizationId; only the policy fields are written.
  requireFreshStepUp(ctx, "Changing the key policy");
  const before = await getKeyPolicy(tx, ctx.organizationId);
  const next: PolicyValues = {
    defaultLifetimeDays: input.defaultLifetimeDays,
    minLifetimeDays: input.minLifetimeDays,
    maxLifetimeDays: input.maxLifetimeDays,
    allowCustomSecrets: input.allowCustomSecrets,
    retrievableSecrets: input.retrievableSecrets,
    expiryWarningDays: input.expiryWarningDays ?? before.expiryWarningDays,
    leakResponse: input.leakResponse ?? before.leakResponse,
  };
  const check = validatePolicy(next);
  if (!check.ok) {
    const fieldErrors = Object.fromEntries(check.errors.map((e) => [e.field, `${e.message}.`]));
    throw new AppError("VALIDATION_FAILED", "Please correct the highlighted fields.", fieldErrors);
  }
  const changes = diffFields(before, next);
  if (!changes) return { policy: before };
  const stored = { ...next, expiryWarningDays: formatWarningDays(next.expiryWarningDays) };
  await tx.keyPolicy.upsert({
    where: { organizationId: ctx.organizationId },
    create: { organizationId: ctx.organizationId, ...stored },
    update: stored,
  });
  const erased =
    before.retrievableSecrets && !next.retrievableSecrets
      ? (
          await tx.keySecret.updateMany({
            where: { organizationId: ctx.organizationId, valueEnc: { not: null } },
            data: { valueEnc: null },
          })
        ).count
      : 0;
  await writeAudit(tx, ctx, {
    action: "policy.updated",
    ...auditTarget("organization", ctx.organizationId, "Key policy"),
    changes,
    metadata: erased > 0 ? { storedSecretsErased: erased } : null,
  });
  return { policy: next };
}
