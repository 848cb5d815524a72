"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createSystemWithKey } from "@/lib/systems/create-with-key";
import { deleteSystem, updateSystem } from "@/lib/systems/systems";
import { createSystemWithKeySchema, deleteSystemSchema, updateSystemSchema } from "@/lib/systems/schemas";

// Thin entry points: the wrapper authorizes, the core in lib/systems does the work.
const SYSTEM_PAGES = "/orgs/[orgSlug]/systems";
const OVERVIEW = "/orgs/[orgSlug]";

/** A system made or removed changes the systems list and the overview's counts. */
function revalidateSystemCounts(): void {
  revalidatePath(SYSTEM_PAGES, "page");
  revalidatePath(OVERVIEW, "page");
}

/** The system, and its first key when the form asks for one (the key's secret is in this result only). */
export const createSystemAction = defineAction({
  name: "system.create",
  schema: createSystemWithKeySchema,
  permission: "systems:create",
  target: (input) => ({ type: "organization", id: input.organizationId }),
  run: (ctx, input, tx) => createSystemWithKey(ctx, input, tx),
  after: revalidateSystemCounts,
});

export const updateSystemAction = defineAction({
  name: "system.update",
  schema: updateSystemSchema,
  permission: "system:update",
  target: (input) => ({ type: "system", id: input.systemId }),
  run: (ctx, input, tx) => updateSystem(ctx, input, tx),
  after: () => revalidatePath(SYSTEM_PAGES, "layout"),
});

export const deleteSystemAction = defineAction({
  name: "system.delete",
  schema: deleteSystemSchema,
  permission: "system:delete",
  target: (input) => ({ type: "system", id: input.systemId }),
  run: (ctx, input, tx) => deleteSystem(ctx, input, tx),
  after: revalidateSystemCounts,
});
