import "server-only";
import { getDb } from "@/lib/db";
import { createSystem } from "@/lib/systems/systems";
import { assertMayCreateSystems, listableSystems } from "./access";
import { createSystemOperation, listSystemsOperation } from "./operations/systems";
import { presentSystem, presentSystemRow } from "./present";
import { apiRoute } from "./route";

// The system routes' handlers; app/api/v1/systems/route.ts only re-exports them.

export const listSystemsRoute = apiRoute(listSystemsOperation, async (api) => {
  const only = listableSystems(api);
  const systems = await getDb().system.findMany({
    where: { organizationId: api.caller.organizationId, ...(only ? { id: { in: [...only] } } : {}) },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      slug: true,
      description: true,
      createdAt: true,
      _count: { select: { keys: { where: { state: { not: "revoked" } } } } },
    },
  });
  const data = systems.map(({ _count, ...system }) => presentSystemRow({ ...system, liveKeys: _count.keys }));
  return { status: 200, body: { data } };
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
