import { defineOperation } from "../operation";
import { createSystemBodySchema, systemListResponseSchema, systemResponseSchema } from "../schemas/systems";

// The system routes under /api/v1/systems: organization keys only (a system key gets 403).

export const listSystemsOperation = defineOperation({
  id: "listSystems",
  method: "GET",
  path: "/api/v1/systems",
  tag: "Systems",
  summary: "List systems",
  description:
    "The organization's systems by name, with their live (not revoked) key counts. An organization key limited to systems sees those systems.",
  security: "key",
  responses: { 200: { description: "All visible systems.", schema: systemListResponseSchema } },
});

export const createSystemOperation = defineOperation({
  id: "createSystem",
  method: "POST",
  path: "/api/v1/systems",
  tag: "Systems",
  summary: "Create a system",
  description: "Names are unique in the organization, ignoring case (409 otherwise).",
  security: "key",
  body: createSystemBodySchema,
  responses: {
    201: { description: "The new system.", schema: systemResponseSchema },
  },
});

export const SYSTEM_OPERATIONS = [listSystemsOperation, createSystemOperation] as const;
