import { z } from "zod";

// Inputs of the audit page's server actions (parsed again on the server by the action wrapper).

export const checkChainSchema = z.strictObject({
  organizationId: z.string().trim().min(1).max(100),
});

export const createCheckpointSchema = z.strictObject({
  organizationId: z.string().trim().min(1).max(100),
});
