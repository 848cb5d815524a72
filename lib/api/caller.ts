import type { z } from "zod";
import { isOrganizationWide } from "./access";
import type { ApiCaller } from "./authenticate";
import { whoAmIOperation, type callerResponseSchema } from "./operations/caller";
import { apiRoute } from "./route";

// The handler of GET /api/v1/whoami; app/api/v1/whoami/route.ts only re-exports it.

function presentCaller(caller: ApiCaller): z.output<typeof callerResponseSchema> {
  const scope = isOrganizationWide(caller) ? "organization" : caller.systemId ? "system" : "systems";
  return {
    key: {
      id: caller.keyId,
      label: caller.label,
      organizationId: caller.organizationId,
      systemId: caller.systemId,
      systemLimits: [...caller.systemLimits],
      scope,
    },
  };
}

export const whoAmIRoute = apiRoute(whoAmIOperation, async (api) => ({
  status: 200,
  body: presentCaller(api.caller),
}));
