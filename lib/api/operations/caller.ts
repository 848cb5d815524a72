import { z } from "zod";
import { defineOperation } from "../operation";
import { responseComponents } from "../schemas/common";

// GET /api/v1/whoami: the calling key and what it may reach. The CLI's login checks a key with it,
// since it is the one management route every kind of management key may call.

export const callerResponseSchema = z
  .strictObject({
    key: z.strictObject({
      id: z.string(),
      label: z.string(),
      organizationId: z.string(),
      systemId: z.string().nullable().meta({ description: "A system key's own system." }),
      systemLimits: z.array(z.string()).meta({ description: "An organization key's system limits." }),
      scope: z.enum(["organization", "systems", "system"]).meta({
        description:
          "`organization`: every key and system of the organization; `systems`: the keys of `systemLimits`; `system`: the keys of `systemId`.",
      }),
    }),
  })
  .register(responseComponents, { id: "CallerResponse" });

export const whoAmIOperation = defineOperation({
  id: "whoAmI",
  method: "GET",
  path: "/api/v1/whoami",
  tag: "Meta",
  summary: "The calling key",
  description: "Checks a management key and tells what it may manage.",
  security: "key",
  responses: { 200: { description: "The calling key.", schema: callerResponseSchema } },
});
