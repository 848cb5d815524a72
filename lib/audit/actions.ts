"use server";

import { defineAction } from "@/lib/actions/define-action";
import { checkChainSchema, createCheckpointSchema } from "@/lib/audit/schemas";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { createCheckpoint } from "@/lib/audit/checkpoints";

// Reads the whole chain, so it runs outside a transaction (readOnly): on SQLite a transaction
// would hold the one connection for as long as the check takes.
export const checkAuditChainAction = defineAction({
  name: "audit.checkChain",
  schema: checkChainSchema,
  permission: "audit:read",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  readOnly: true,
  run: (ctx) => checkAuditChain(ctx.organizationId),
});

// "Create checkpoint now": signs the chain head at once (owners and admins; auditors read and
// download checkpoints). The hourly job makes the same rows without anyone asking.
export const createCheckpointAction = defineAction({
  name: "audit.createCheckpoint",
  schema: createCheckpointSchema,
  permission: "audit:checkpoint",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: createCheckpoint,
});
