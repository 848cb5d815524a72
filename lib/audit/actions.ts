"use server";

import { defineAction } from "@/lib/actions/define-action";
import { verifyChainSchema } from "@/lib/audit/schemas";
import { verifyAuditChain } from "@/lib/audit/verify";

// Reads the whole chain, so it runs outside a transaction (readOnly): on SQLite a transaction
// would hold the one connection for as long as the check takes.
export const verifyAuditChainAction = defineAction({
  name: "audit.verify",
  schema: verifyChainSchema,
  permission: "audit:read",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  readOnly: true,
  run: (ctx) => verifyAuditChain(ctx.organizationId),
});
