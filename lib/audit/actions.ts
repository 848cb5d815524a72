"use server";

import { defineAction } from "@/lib/actions/define-action";
import { checkChainSchema } from "@/lib/audit/schemas";
import { checkAuditChain } from "@/lib/audit/chain-check";

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
