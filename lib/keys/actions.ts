"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import type { Permission } from "@/lib/auth/permissions";
import { createKey } from "@/lib/keys/create";
import { topUpCredits } from "@/lib/keys/credits";
import { deleteKey } from "@/lib/keys/delete";
import { regenerateSecret } from "@/lib/keys/regenerate";
import { revokeKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import {
  createKeySchema,
  deleteKeySchema,
  regenerateSecretSchema,
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

export const createKeyAction = defineAction({
  name: "key.create",
  schema: createKeySchema,
  permission: managePermission,
  stepUp: "when-needed",
  target: (input) =>
    input.systemId
      ? { type: "system", id: input.systemId }
      : { type: "organization", id: input.organizationId },
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
