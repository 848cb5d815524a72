import { listSystemRows } from "@/lib/systems/queries";
import { createSystem } from "@/lib/systems/systems";
import { assertMayCreateSystems, listableSystems } from "./access";
import { createSystemOperation, listSystemsOperation } from "./operations/systems";
import { presentSystem, presentSystemRow } from "./present";
import { apiRoute } from "./route";

// The system routes' handlers; app/api/v1/systems/route.ts only re-exports them.

export const listSystemsRoute = apiRoute(listSystemsOperation, async (api) => {
  const only = listableSystems(api);
  const systems = await listSystemRows({
    organizationId: api.caller.organizationId,
    ...(only ? { id: { in: [...only] } } : {}),
  });
  return { status: 200, body: { data: systems.map(presentSystemRow) } };
});

export const createSystemRoute = apiRoute(createSystemOperation, async (api) => {
  assertMayCreateSystems(api);
  return api.mutate(async (tx) => {
    const system = await createSystem(
      api.ctx,
      { ...api.body, organizationId: api.caller.organizationId },
      tx,
    );
    return { status: 201, body: { system: presentSystem(system) } };
  });
});
