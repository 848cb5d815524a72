import type { z } from "zod";
import { requireFreshStepUp } from "@/lib/auth/step-up";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import { recordKeyChange } from "./audit";
import { findGeneratedSecrets } from "./format";
import { lockKey } from "./guards";
import { hashSecret, secretHint } from "./hash";
import { getKeyPolicy } from "./policy-store";
import { eraseStoredSecrets } from "./revoke";
import type { reportLeakSchema } from "./schemas";

// Leak response (README.md, "Leaked keys"): a secret reported as exposed (GitHub secret scanning,
// an organization's own scanner, the console's "Report a leaked secret", `keyplane keys leaked`)
// is looked up by its hash in the caller's organization only. A found key is disabled or revoked
// as the key policy says (default: disable), audited as `key.leaked` with the report's URL and
// source, and sent as the `key.leaked` webhook event through the outbox, all in the caller's
// transaction. A key already in that state (or revoked) is left alone and not audited again, so a
// replayed report changes nothing. Secrets from other organizations are never looked at: the
// answer for them is the same as for a secret that does not exist.

export type LeakReport = {
  token: string;
  /** The reporter's name for the secret's type (GitHub's `type`). */
  type?: string;
  /** Where the secret was found. */
  url?: string;
  /** What kind of place it was found in (GitHub's `source`: content, commit, …). */
  source?: string;
};

export type LeakVerdict = {
  /** SHA-256 (hex) of the reported token: the answer never repeats a secret. */
  tokenHash: string;
  type: string;
  /** The token is a secret of a key this caller may act on. */
  found: boolean;
  /** What happened to its key: disabled or revoked now, or unchanged (already so). */
  outcome: "disabled" | "revoked" | "unchanged" | null;
  keyId: string | null;
};

export type LeakScope = {
  /** Which keys the caller may act on (a management key limited to systems); default: all. */
  reachable?: (key: { systemId: string | null }) => boolean;
};

const LEAK_TOKEN_TYPE = "keyplane_api_key";

export async function respondToLeaks(
  ctx: Ctx,
  input: { reports: readonly LeakReport[] },
  tx: Tx,
  scope: LeakScope = {},
): Promise<{ results: LeakVerdict[] }> {
  const results: LeakVerdict[] = [];
  let response: "disable" | "revoke" | null = null;
  for (const report of input.reports) {
    const tokenHash = hashSecret(report.token);
    const verdict: LeakVerdict = {
      tokenHash,
      type: report.type ?? LEAK_TOKEN_TYPE,
      found: false,
      outcome: null,
      keyId: null,
    };
    results.push(verdict);
    const secret = await tx.keySecret.findFirst({
      where: { hash: tokenHash, organizationId: ctx.organizationId },
      select: {
        slot: true,
        hint: true,
        key: { select: { id: true, organizationId: true, label: true, state: true, systemId: true } },
      },
    });
    if (!secret || (scope.reachable && !scope.reachable(secret.key))) continue;
    const key = secret.key;
    verdict.found = true;
    verdict.keyId = key.id;
    response ??= (await getKeyPolicy(tx, ctx.organizationId)).leakResponse;
    const next = response === "revoke" ? "revoked" : "disabled";
    if (key.state === "revoked" || key.state === next) {
      verdict.outcome = "unchanged";
      continue;
    }
    const before = key.state;
    const now = new Date();
    await lockKey(tx, key, {
      data:
        next === "revoked" ? { state: "revoked", revokedAt: now } : { state: "disabled", disabledAt: now },
    });
    if (next === "revoked") await eraseStoredSecrets(tx, key);
    // The key's state changed inside this loop: a second secret of it in the same report is unchanged.
    key.state = next;
    verdict.outcome = next;
    await recordKeyChange(tx, ctx, key, {
      action: "key.leaked",
      changes: { state: { before, after: next } },
      metadata: {
        secret: { slot: secret.slot, hint: secret.hint },
        type: verdict.type,
        url: report.url ?? null,
        source: report.source ?? null,
        response,
      },
    });
  }
  return { results };
}

export type ConsoleLeakResult = {
  response: "disable" | "revoke";
  secrets: { hint: string; found: boolean; outcome: LeakVerdict["outcome"]; keyId: string | null }[];
};

/**
 * "Report a leaked secret" in the console: every kp_ secret in the pasted text (by prefix and
 * checksum), reported like any other leak. When the key policy revokes, a fresh step-up is asked
 * for first, as for every revoke from the console.
 */
export async function reportLeaksFromConsole(
  ctx: Ctx,
  input: Omit<z.output<typeof reportLeakSchema>, "totpCode">,
  tx: Tx,
): Promise<ConsoleLeakResult> {
  const tokens = findGeneratedSecrets(input.text);
  if (tokens.length === 0) {
    throw fieldError("text", "No Keyplane secret (kp_…) with a valid checksum was found in this text.");
  }
  const { leakResponse } = await getKeyPolicy(tx, ctx.organizationId);
  if (leakResponse === "revoke") requireFreshStepUp(ctx, "Revoking a leaked key");
  const reports = tokens.map((token) => ({ token, url: "console", source: "Report a leaked secret" }));
  const { results } = await respondToLeaks(ctx, { reports }, tx);
  return {
    response: leakResponse,
    secrets: results.map((verdict, index) => ({
      hint: secretHint(tokens[index] ?? ""),
      found: verdict.found,
      outcome: verdict.outcome,
      keyId: verdict.keyId,
    })),
  };
}
