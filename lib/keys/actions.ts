"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { defineUserAction } from "@/lib/actions/define-user-action";
import type { Permission } from "@/lib/auth/permissions";
import { bulkChangeKeys } from "@/lib/keys/bulk";
import { createKey } from "@/lib/keys/create";
import { topUpCredits } from "@/lib/keys/credits";
import { deleteKey } from "@/lib/keys/delete";
import { endGrace } from "@/lib/keys/end-grace";
import { reportLeaksFromConsole } from "@/lib/keys/leaks";
import { findKeys } from "@/lib/keys/find";
import { regenerateSecret } from "@/lib/keys/regenerate";
import { revokeKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import {
  bulkKeysSchema,
  createKeySchema,
  deleteKeySchema,
  endGraceSchema,
  keyImpactSchema,
  findKeySchema,
  regenerateSecretSchema,
  reportLeakSchema,
  revokeKeySchema,
  rollKeySchema,
  setKeyStateSchema,
  topUpCreditsSchema,
  updateKeySchema,
  viewSecretSchema,
} from "@/lib/keys/schemas";
import { disableKey, enableKey } from "@/lib/keys/set-state";
import { updateKey } from "@/lib/keys/update";
import { viewSecret } from "@/lib/keys/view-secret";
import { notFound } from "@/lib/errors";
import { keyImpact } from "@/lib/usage/impact";

// Thin entry points for the key lifecycle, used by the organization keys page and the system
// pages alike: the wrapper authorizes (and asks for step-up), the cores in lib/keys do the work.
// Results that carry secrets go back only as this response; the revalidated pages never see them.

const ORG_KEYS = "/orgs/[orgSlug]/keys";
const SYSTEM_PAGE = "/orgs/[orgSlug]/systems/[systemId]";
const OVERVIEW = "/orgs/[orgSlug]";
const SYSTEMS_LIST = "/orgs/[orgSlug]/systems";

/** Organization keys need org-keys:manage; a system's keys system-keys:manage (system admins too). */
function managePermission(_input: unknown, target: { systemId: string | null }): Permission {
  return target.systemId ? "system-keys:manage" : "org-keys:manage";
}

/**
 * The key's own list and pages always; `counts` when live/expiring figures change too (the
 * overview, and the systems list's live-key count for a system key).
 */
function revalidateKeyPages(systemId: string | null, counts: boolean): void {
  revalidatePath(systemId ? SYSTEM_PAGE : ORG_KEYS, "layout");
  if (!counts) return;
  revalidatePath(OVERVIEW, "page");
  if (systemId) revalidatePath(SYSTEMS_LIST, "page");
}

/** Where new or many keys live: the system's when one is named, else the organization's. */
function keyScopeTarget(input: { organizationId: string; systemId?: string | null }) {
  return input.systemId
    ? { type: "system" as const, id: input.systemId }
    : { type: "organization" as const, id: input.organizationId };
}

export const createKeyAction = defineAction({
  name: "key.create",
  schema: createKeySchema,
  permission: managePermission,
  stepUp: "when-needed",
  target: keyScopeTarget,
  run: (ctx, input, tx) => createKey(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, true),
});

export const updateKeyAction = defineAction({
  name: "key.update",
  schema: updateKeySchema,
  permission: managePermission,
  stepUp: "when-needed",
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => updateKey(ctx, input, tx),
  after: (_ctx, input, data) => revalidateKeyPages(data.key.systemId, input.expiresAt !== undefined),
});

export const topUpCreditsAction = defineAction({
  name: "key.top_up_credits",
  schema: topUpCreditsSchema,
  permission: managePermission,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => topUpCredits(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, false),
});

export const disableKeyAction = defineAction({
  name: "key.disable",
  schema: setKeyStateSchema,
  permission: managePermission,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => disableKey(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, true),
});

export const enableKeyAction = defineAction({
  name: "key.enable",
  schema: setKeyStateSchema,
  permission: managePermission,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => enableKey(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, true),
});

export const rollKeyAction = defineAction({
  name: "key.roll",
  schema: rollKeySchema,
  permission: managePermission,
  stepUp: true,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => rollKey(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, false),
});

/** The old secret stops verifying now; refused while it was used in the last hour (lib/keys/end-grace.ts). */
export const endGraceAction = defineAction({
  name: "key.endGrace",
  schema: endGraceSchema,
  permission: managePermission,
  stepUp: true,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => endGrace(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, false),
});

/** The impact preview of the disable, revoke and regenerate confirmations: a read, for whoever may read the key. */
export const keyImpactAction = defineAction({
  name: "key.impact",
  schema: keyImpactSchema,
  permission: (_input, target) => (target.systemId ? "system-keys:read" : "org-keys:read"),
  target: (input) => ({ type: "key", id: input.keyId }),
  run: async (ctx, input, tx) => {
    const impact = await keyImpact(tx, ctx.organizationId, input.keyId);
    if (!impact) throw notFound("The key");
    return impact;
  },
});

export const regenerateSecretAction = defineAction({
  name: "key.regenerateSecret",
  schema: regenerateSecretSchema,
  permission: managePermission,
  stepUp: true,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => regenerateSecret(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, false),
});

export const revokeKeyAction = defineAction({
  name: "key.revoke",
  schema: revokeKeySchema,
  permission: managePermission,
  stepUp: true,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => revokeKey(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.key.systemId, true),
});

export const deleteKeyAction = defineAction({
  name: "key.delete",
  schema: deleteKeySchema,
  permission: managePermission,
  stepUp: true,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => deleteKey(ctx, input, tx),
  after: (_ctx, _input, data) => revalidateKeyPages(data.systemId, true),
});

/** Nothing changes, so nothing is revalidated: the secret must stay out of every page's data. */
export const viewSecretAction = defineAction({
  name: "key.viewSecret",
  schema: viewSecretSchema,
  permission: managePermission,
  stepUp: true,
  target: (input) => ({ type: "key", id: input.keyId }),
  run: (ctx, input, tx) => viewSecret(ctx, input, tx),
});

/** "Report a leaked secret" (owners and admins): the keys of the pasted secrets are disabled or revoked. */
export const reportLeakAction = defineAction({
  name: "key.report_leak",
  schema: reportLeakSchema,
  permission: "org-keys:manage",
  stepUp: "when-needed",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => reportLeaksFromConsole(ctx, input, tx),
  after: () => {
    revalidatePath(ORG_KEYS, "layout");
    revalidatePath(SYSTEM_PAGE, "layout");
    revalidatePath(OVERVIEW, "page");
  },
});

/**
 * Disable, enable or revoke many keys of the page's scope (lib/keys/bulk.ts): a dry run previews,
 * the change runs in its own transaction per batch, and each key is checked against the caller's
 * own roles (a key they may not manage is skipped and reported).
 */
export const bulkKeysAction = defineAction({
  name: "key.bulk",
  schema: bulkKeysSchema,
  permission: managePermission,
  stepUp: "when-needed",
  ownTransactions: true,
  target: keyScopeTarget,
  run: (ctx, input) => bulkChangeKeys(ctx, input),
  after: (_ctx, input, data) => {
    if (!data.dryRun && data.changed.length > 0) revalidateKeyPages(input.systemId, true);
  },
});

/**
 * "Which key is this?" across the caller's own organizations (lib/keys/find.ts). Nothing changes
 * and nothing is revalidated; the pasted secret is only hashed, never kept or logged.
 */
export const findKeyAction = defineUserAction({
  name: "key.find",
  schema: findKeySchema,
  run: (user, input) => findKeys(user, input.query),
});
