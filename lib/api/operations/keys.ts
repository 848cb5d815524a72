import { defineOperation, type OperationSpec } from "../operation";
import {
  bulkKeysResponseSchema,
  deletedKeyResponseSchema,
  keyListResponseSchema,
  keyResponseSchema,
  keyUsageResponseSchema,
  keyWithSecretsResponseSchema,
} from "../schemas/key-responses";
import {
  bulkKeysBodySchema,
  createKeyBodySchema,
  keyListQuerySchema,
  regenerateSecretBodySchema,
  revokeKeyBodySchema,
  topUpCreditsBodySchema,
  rollKeyBodySchema,
  setKeyStateBodySchema,
  updateKeyBodySchema,
} from "../schemas/keys";

// The key routes under /api/v1/keys. Each runs the same core as the console's server action
// (lib/keys/*) and writes the same audit entry, with the calling key as the actor.

const NO_STEP_UP =
  "No TOTP step-up and no typed label: the API key is the second factor, so keep keys:manage keys few, short-lived and IP-restricted.";

/** An operation under /api/v1/keys (`subpath` follows it), called with a management key. */
function keyOperation<const O extends Omit<OperationSpec, "path" | "tag" | "security">>(
  subpath: string,
  spec: O,
) {
  return defineOperation({ ...spec, path: `/api/v1/keys${subpath}`, tag: "Keys", security: "key" });
}

const NO_ESCALATION =
  "An API key cannot give `keys:manage` (403: a person does that in the console, with their authenticator code), and a key it creates or widens must stay within the caller's own IP ranges (403).";

const KEY = { description: "The key.", schema: keyResponseSchema };
const WITH_SECRETS = {
  description: "The key and its new secret(s), shown in this answer only.",
  schema: keyWithSecretsResponseSchema,
};

export const listKeysOperation = keyOperation("", {
  id: "listKeys",
  method: "GET",
  summary: "List keys",
  description:
    "One page of organization keys, or of one system's keys (`systemId`), filtered and sorted like the console table. A system key lists its own system's keys.",
  query: keyListQuerySchema,
  extraErrors: ["NOT_FOUND"],
  responses: { 200: { description: "One page of keys.", schema: keyListResponseSchema } },
});

export const createKeyOperation = keyOperation("", {
  id: "createKey",
  method: "POST",
  summary: "Create a key",
  description: `Creates an organization key, or a system key with \`systemId\`, with a primary secret (and a secondary with \`withSecondary\`). The secrets are in this answer only. ${NO_ESCALATION}`,
  body: createKeyBodySchema,
  idempotent: true,
  responses: {
    201: { ...WITH_SECRETS, headers: { Location: { description: "The new key's URL." } } },
  },
});

export const getKeyOperation = keyOperation("/{id}", {
  id: "getKey",
  method: "GET",
  summary: "Get a key",
  description: "Everything about one key except its secrets (their slot, hint and dates only).",
  responses: { 200: KEY },
});

export const getKeyUsageOperation = keyOperation("/{id}/usage", {
  id: "getKeyUsage",
  method: "GET",
  summary: "Get a key's usage and impact",
  description:
    "How many verifications of the key were answered VALID and how many were refused, per UTC day over the last 30 days, and `impact`: what disabling, revoking or regenerating it would hit (calls and distinct client addresses in the last 24 hours, last use, systems) with per-secret figures (last use, last client address, calls in the last hour and 24 hours). The verify server writes its counts in batches every few seconds. Another organization's key answers 404.",
  responses: { 200: { description: "The key's usage and impact.", schema: keyUsageResponseSchema } },
});

export const updateKeyOperation = keyOperation("/{id}", {
  id: "updateKey",
  method: "PATCH",
  summary: "Update a key",
  description: `Changes label, description, permissions, IP ranges, expiry or system limits; omitted fields stay. A revoked key cannot be edited (409). ${NO_ESCALATION}`,
  body: updateKeyBodySchema,
  responses: { 200: KEY },
});

export const deleteKeyOperation = keyOperation("/{id}", {
  id: "deleteKey",
  method: "DELETE",
  summary: "Delete a revoked key",
  description: `Removes a revoked key (any other state answers 409); its audit entries stay. ${NO_STEP_UP}`,
  responses: { 200: { description: "The key is gone.", schema: deletedKeyResponseSchema } },
});

/** Disable and enable: the same request and answer, the other state. */
const SET_STATE = {
  method: "POST",
  body: setKeyStateBodySchema,
  bodyOptional: true,
  responses: { 200: KEY },
} as const;

export const disableKeyOperation = keyOperation("/{id}/disable", {
  ...SET_STATE,
  id: "disableKey",
  summary: "Disable a key",
  description: "All secrets stop working until the key is enabled again; nothing is lost.",
});

export const enableKeyOperation = keyOperation("/{id}/enable", {
  ...SET_STATE,
  id: "enableKey",
  summary: "Enable a key",
  description: "The secrets of a disabled key work again.",
});

export const rollKeyOperation = keyOperation("/{id}/roll", {
  id: "rollKey",
  method: "POST",
  summary: "Roll the primary secret",
  description: `Makes a new primary secret; the old one keeps working until the grace end. ${NO_STEP_UP}`,
  body: rollKeyBodySchema,
  bodyOptional: true,
  idempotent: true,
  responses: { 200: WITH_SECRETS },
});

export const regenerateSecretOperation = keyOperation("/{id}/regenerate", {
  id: "regenerateSecret",
  method: "POST",
  summary: "Regenerate a secret",
  description: `The slot's secret stops working at once and a new one is made (a missing secondary is added). ${NO_STEP_UP}`,
  body: regenerateSecretBodySchema,
  responses: { 200: WITH_SECRETS },
});

export const revokeKeyOperation = keyOperation("/{id}/revoke", {
  id: "revokeKey",
  method: "POST",
  summary: "Revoke a key",
  description: `The key stops working for good; it stays visible, marked revoked. ${NO_STEP_UP}`,
  body: revokeKeyBodySchema,
  bodyOptional: true,
  responses: { 200: KEY },
});

export const bulkKeysOperation = keyOperation("/bulk", {
  id: "bulkKeys",
  method: "POST",
  summary: "Disable, enable or revoke many keys",
  description: `Changes every listed key the caller may manage, in one transaction per batch of 500 (a key changed meanwhile leaves its whole batch as it was); each key gets its own audit entry. Keys that cannot change are reported in \`skipped\` with the reason. With \`dryRun\` nothing changes and each key comes with its last use and its verifications in the last 24 hours. ${NO_STEP_UP}`,
  body: bulkKeysBodySchema,
  responses: {
    200: { description: "What changed (or would) and what was skipped.", schema: bulkKeysResponseSchema },
  },
});

export const topUpCreditsOperation = keyOperation("/{id}/credits", {
  id: "topUpCredits",
  method: "POST",
  summary: "Top up a key's credits",
  description:
    "Adds credits to the balance of a key that uses credits (409 otherwise), atomically with verifications spending it. Audited as key.credits_topped_up.",
  body: topUpCreditsBodySchema,
  responses: { 200: KEY },
});

export const KEY_OPERATIONS = [
  listKeysOperation,
  createKeyOperation,
  bulkKeysOperation,
  getKeyOperation,
  getKeyUsageOperation,
  updateKeyOperation,
  deleteKeyOperation,
  disableKeyOperation,
  enableKeyOperation,
  rollKeyOperation,
  regenerateSecretOperation,
  revokeKeyOperation,
  topUpCreditsOperation,
] as const;
