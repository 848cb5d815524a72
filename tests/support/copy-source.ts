import { runHourlyCheckpoints } from "@/lib/audit/checkpoints";
import { replaceRecoveryCodes } from "@/lib/auth/recovery-codes";
import { issueSetPasswordToken } from "@/lib/auth/password-tokens";
import { recordFailure, SIGN_IN_PER_IP } from "@/lib/auth/throttle";
import { issueChallenge } from "@/lib/auth/webauthn";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { seedAuditChain } from "./audit";
import {
  addSystemMember,
  createInvitationRow,
  createOrgWithOwner,
  createSystemRow,
  signInAs,
} from "./fixtures";
import { createWebhookRow } from "./webhooks";

// An installation with a row in every table (tests/integration/admin-copy.test.ts): a copy test
// that compares every row of every model proves nothing for a table that is empty, so this fills
// each one, as far as it can through the product's own functions, with the values that are hard to
// carry across (BigInt beyond 32 bits, JSON, far-future and null dates, booleans).

export type FilledInstallation = {
  organizationId: string;
  /** Secrets of a metered key (rate limits, credits, metadata) and of a plain one. */
  metered: string;
  plain: string;
};

export async function fillEveryTable(auditEntries: number): Promise<FilledInstallation> {
  const db = getDb();
  const { org, owner } = await createOrgWithOwner("Copied Org");
  const ctx: Ctx = {
    actor: { type: "user", id: owner.id, label: owner.email },
    organizationId: org.id,
    meta: { ip: "198.51.100.9", userAgent: "vitest" },
  };
  const system = await createSystemRow(org.id, "Moving House");
  await addSystemMember(org.id, system.id, owner.id, "admin");
  const key = (input: Record<string, unknown>) =>
    transact((tx) => createKey(ctx, createKeySchema.parse({ organizationId: org.id, ...input }), tx));
  const metered = await key({
    label: "metered",
    permissions: [],
    ratelimits: [{ name: "requests", limit: "100", durationMs: "60000", autoApply: true }],
    credits: { remaining: "1000", refill: { interval: "monthly", amount: "1000", day: "15" } },
    meta: '{"plan":"pro","seats":3,"nested":{"ok":true}}',
    externalId: "cus_copy",
  });
  const plain = await key({ label: "moves house", permissions: [] });

  // Verified on the source: usage per key and per secret, and last-used times.
  const runtime = new VerifyRuntime({ listen: false, budget: null });
  try {
    for (const secret of [metered.secrets.primary, plain.secrets.primary])
      await runtime.verify({ secret: secret as string, source: "test", ip: "203.0.113.7" });
  } finally {
    await runtime.close();
  }

  await signInAs(owner);
  await transact(async (tx) => {
    await replaceRecoveryCodes(tx, owner.id);
    await issueSetPasswordToken(tx, owner.id);
  });
  await recordFailure("signin:ip:203.0.113.8", SIGN_IN_PER_IP);
  // An account locked for good (100 wrong codes) stays locked until 9999-12-31.
  await db.rateLimit.create({
    data: {
      key: `totp:user:${owner.id}`,
      count: 100,
      windowStart: new Date(),
      lockedUntil: new Date("9999-12-31T00:00:00Z"),
    },
  });
  await issueChallenge("register", owner.id);
  await db.passkey.create({
    data: {
      userId: owner.id,
      credentialId: "copied-credential",
      publicKey: "pQECAyYgASFYIA",
      counter: 2n ** 62n + 1n,
      transports: '["usb","nfc"]',
      name: "Security key",
    },
  });
  await db.ssoRoleMapping.create({ data: { organizationId: org.id, value: "platform", role: "admin" } });
  await createInvitationRow(org.id, "auditor");
  await db.idempotencyRecord.create({
    data: {
      organizationId: org.id,
      actorKeyId: plain.key.id,
      idemKey: "copy-1",
      requestHash: "0".repeat(64),
      status: 201,
      response: "sealed",
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  await createWebhookRow(org.id);
  // More entries than one INSERT batch holds, then a signed checkpoint of the head.
  await seedAuditChain({ organizationId: org.id, count: auditEntries });
  await runHourlyCheckpoints(db);
  return {
    organizationId: org.id,
    metered: metered.secrets.primary as string,
    plain: plain.secrets.primary as string,
  };
}
