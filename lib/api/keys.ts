import type { Tx } from "@/lib/db";
import { getDb } from "@/lib/db";
import { fieldError, notFound } from "@/lib/errors";
import { createKey } from "@/lib/keys/create";
import { topUpCredits } from "@/lib/keys/credits";
import { deleteKey } from "@/lib/keys/delete";
import { readKeyDetails } from "@/lib/keys/details";
import { listKeys } from "@/lib/keys/queries";
import { regenerateSecret } from "@/lib/keys/regenerate";
import { revokeKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import { disableKey, enableKey } from "@/lib/keys/set-state";
import { updateKey } from "@/lib/keys/update";
import { keyImpact } from "@/lib/usage/impact";
import { getKeyUsage } from "@/lib/usage/queries";
import { applyBulk, planBulk, previewBulk } from "@/lib/keys/bulk";
import { assertCanManageKeysOf, canManageKeysOf } from "./access";
import type { Authenticated } from "./authenticate";
import type { OperationSpec } from "./operation";
import * as ops from "./operations/keys";
import {
  presentBulkReport,
  presentKey,
  presentKeyImpact,
  presentKeyPage,
  presentKeyWithSecrets,
} from "./present";
import { apiRoute, type ApiRequest } from "./route";

// The key routes' handlers: find the target in the caller's organization (404 otherwise), check
// the caller's scope (403), run the same core as the console's server action. Route files under
// app/api/v1/keys only re-export these.

type KeyParams = { id: string };

// An API key does no step-up (the key is the factor), so no TOTP code is passed; the typed label
// that regenerate and revoke confirm is the key's own: the caller already named the key by id.

function keyRoute<const O extends OperationSpec>(
  operation: O,
  handle: (api: ApiRequest<O, KeyParams>) => Promise<{ status: number; body: unknown }>,
) {
  return apiRoute<O, KeyParams>(operation, handle);
}

/** The key named in the path, if the caller may manage it; a change reads it in its transaction. */
async function targetKey(api: Authenticated & { params: KeyParams }, db: Tx) {
  const key = await db.apiKey.findFirst({
    where: { id: api.params.id, organizationId: api.caller.organizationId },
    select: { id: true, systemId: true, label: true, version: true },
  });
  if (!key) throw notFound("The key");
  assertCanManageKeysOf(api, key.systemId);
  return key;
}

export const listKeysRoute = apiRoute(ops.listKeysOperation, async (api) => {
  const { systemId, scope, state, ...table } = api.query;
  if (systemId !== undefined && scope !== undefined) {
    throw fieldError("scope", "Give either systemId or scope=organization, not both.");
  }
  // A system key's natural list is its own system's keys.
  const target = systemId ?? (scope === undefined ? api.caller.systemId : null);
  assertCanManageKeysOf(api, target);
  if (target !== null) {
    const system = await getDb().system.findFirst({
      where: { id: target, organizationId: api.caller.organizationId },
      select: { id: true },
    });
    if (!system) throw notFound("The system");
  }
  const page = await listKeys(api.caller.organizationId, {
    ...table,
    states: state,
    scope: target === null ? { type: "organization" } : { type: "system", systemId: target },
  });
  return { status: 200, body: presentKeyPage(page) };
});

export const createKeyRoute = apiRoute(ops.createKeyOperation, async (api) => {
  assertCanManageKeysOf(api, api.body.systemId);
  return api.mutate(async (tx) => {
    const input = { ...api.body, organizationId: api.caller.organizationId };
    const result = await createKey(api.ctx, input, tx);
    return {
      status: 201,
      body: presentKeyWithSecrets(result),
      headers: { location: `/api/v1/keys/${encodeURIComponent(result.key.id)}` },
    };
  });
});

export const getKeyRoute = keyRoute(ops.getKeyOperation, async (api) => {
  const key = await readKeyDetails(getDb(), api.caller.organizationId, api.params.id);
  if (!key) throw notFound("The key");
  assertCanManageKeysOf(api, key.systemId);
  return { status: 200, body: { key: presentKey(key) } };
});

export const getKeyUsageRoute = keyRoute(ops.getKeyUsageOperation, async (api) => {
  const key = await targetKey(api, getDb());
  const [usage, impact] = await Promise.all([
    getKeyUsage(api.caller.organizationId, key.id),
    keyImpact(getDb(), api.caller.organizationId, key.id),
  ]);
  if (!impact) throw notFound("The key");
  return { status: 200, body: { usage, impact: presentKeyImpact(impact) } };
});

export const updateKeyRoute = keyRoute(ops.updateKeyOperation, (api) =>
  api.mutate(async (tx) => {
    const key = await targetKey(api, tx);
    const { expectedVersion, ...changes } = api.body;
    const input = { ...changes, keyId: key.id, expectedVersion: expectedVersion ?? key.version };
    const result = await updateKey(api.ctx, input, tx);
    return { status: 200, body: { key: presentKey(result.key) } };
  }),
);

export const deleteKeyRoute = keyRoute(ops.deleteKeyOperation, (api) =>
  api.mutate(async (tx) => {
    const key = await targetKey(api, tx);
    const result = await deleteKey(api.ctx, { keyId: key.id }, tx);
    return { status: 200, body: { id: result.id, deleted: true } };
  }),
);

/** Disable and enable differ only in their operation and core. */
function setKeyStateRoute(
  operation: typeof ops.disableKeyOperation | typeof ops.enableKeyOperation,
  setState: typeof disableKey,
) {
  return keyRoute(operation, (api) =>
    api.mutate(async (tx) => {
      const key = await targetKey(api, tx);
      const expectedVersion = api.body.expectedVersion ?? key.version;
      const result = await setState(api.ctx, { keyId: key.id, expectedVersion }, tx);
      return { status: 200, body: { key: presentKey(result.key) } };
    }),
  );
}

export const disableKeyRoute = setKeyStateRoute(ops.disableKeyOperation, disableKey);
export const enableKeyRoute = setKeyStateRoute(ops.enableKeyOperation, enableKey);

export const rollKeyRoute = keyRoute(ops.rollKeyOperation, (api) =>
  api.mutate(async (tx) => {
    const key = await targetKey(api, tx);
    const expectedVersion = api.body.expectedVersion ?? key.version;
    const input = { keyId: key.id, expectedVersion, grace: api.body.grace };
    const result = await rollKey(api.ctx, input, tx);
    return { status: 200, body: presentKeyWithSecrets(result) };
  }),
);

export const regenerateSecretRoute = keyRoute(ops.regenerateSecretOperation, (api) =>
  api.mutate(async (tx) => {
    const key = await targetKey(api, tx);
    const input = { keyId: key.id, slot: api.body.slot, confirmLabel: key.label };
    const result = await regenerateSecret(api.ctx, input, tx);
    return { status: 200, body: presentKeyWithSecrets(result) };
  }),
);

export const revokeKeyRoute = keyRoute(ops.revokeKeyOperation, (api) =>
  api.mutate(async (tx) => {
    const key = await targetKey(api, tx);
    const result = await revokeKey(api.ctx, { keyId: key.id, confirmLabel: key.label }, tx);
    return { status: 200, body: { key: presentKey(result.key) } };
  }),
);

/** Per-key scope checks: a key the caller may not manage is skipped ("permission"), not a 403. */
export const bulkKeysRoute = apiRoute(ops.bulkKeysOperation, async (api) => {
  const { action, keyIds, dryRun } = api.body;
  const mayManage = (systemId: string | null) => canManageKeysOf(api.caller, systemId);
  const plan = await planBulk(getDb(), api.caller.organizationId, action, keyIds, mayManage);
  const report = dryRun ? await previewBulk(api.caller.organizationId, plan) : await applyBulk(api.ctx, plan);
  return { status: 200, body: presentBulkReport(report) };
});

export const topUpCreditsRoute = keyRoute(ops.topUpCreditsOperation, (api) =>
  api.mutate(async (tx) => {
    const key = await targetKey(api, tx);
    const result = await topUpCredits(api.ctx, { keyId: key.id, amount: api.body.amount }, tx);
    return { status: 200, body: { key: presentKey(result.key) } };
  }),
);
